/**
 * A private copy of the built site for the offline test, served by the plain static host (static-server.ts) on its
 * own port, so the test can change it ("rebuild") without touching the site other tests are served from.
 * `rebuild` does what a new build does to what the service worker sees: a page's content changes and the precache
 * manifest in service-worker.js is listed again by Workbox (workbox-build's getManifest, with the build's own
 * options from src/lib/offline/cache-plan.ts), so the changed page gets a new revision.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getManifest } from 'workbox-build';
import {
  HASHED_ASSETS,
  PRECACHE_GLOBS,
  PRECACHE_IGNORES,
  PRECACHE_MAX_FILE_BYTES,
} from '../../src/lib/offline/cache-plan';

export interface SiteCopy {
  dir: string;
  url: string;
  close(): Promise<void>;
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The static host exited (${server.exitCode})`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The static host did not answer at ${url}`);
}

export async function serveCopy(dist: string, base: string, port: number): Promise<SiteCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'lightbox-offline-'));
  await cp(dist, dir, { recursive: true });
  // One process (node with tsx's loader, not npx), so close() stops the host itself.
  const server = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/static-server.ts'], {
    env: { ...process.env, PORT: String(port), LIGHTBOX_BASE: base, LIGHTBOX_BASE_DIST: dir },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}${base}`;
  await waitForServer(url, server);
  return {
    dir,
    url,
    close: async () => {
      server.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Adds `marker` to a page of the copy and lists the precache again, as a rebuild with that change would. */
export async function rebuild(dir: string, page: string, marker: string): Promise<void> {
  const file = join(dir, page, 'index.html');
  const html = await readFile(file, 'utf8');
  await writeFile(file, html.replace('<main id="content"', `<p data-rebuilt>${marker}</p><main id="content"`));
  const { manifestEntries, warnings } = await getManifest({
    globDirectory: dir,
    globPatterns: [...PRECACHE_GLOBS],
    globIgnores: [...PRECACHE_IGNORES],
    maximumFileSizeToCacheInBytes: PRECACHE_MAX_FILE_BYTES,
    dontCacheBustURLsMatching: HASHED_ASSETS,
  });
  if (warnings.length > 0) throw new Error(warnings.join('\n'));
  const worker = join(dir, 'service-worker.js');
  const source = await readFile(worker, 'utf8');
  const listed = /\[\{"revision".*?\}\](?=,)/.exec(source);
  if (!listed) throw new Error('No precache manifest found in service-worker.js');
  const entries = manifestEntries.map((entry) => ({ revision: entry.revision ?? null, url: entry.url }));
  await writeFile(worker, source.replace(listed[0], JSON.stringify(entries)));
}
