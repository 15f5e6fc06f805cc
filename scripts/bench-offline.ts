/**
 * What offline use costs (issue 14): the precache budget of the built site, by kind of file, and what a first visit
 * downloads in headless Chromium before (service workers blocked, as the site was without one) and with the service
 * worker (the page plus the whole precache), then what a model figure adds on first use (weights and scans, cached
 * at that moment). Sizes are bytes as served by `astro preview` (no compression) and, for the precache, gzip-compressed
 * as a typical static host sends them. Prints figures; asserts nothing.
 * `npm run build && npm run bench:offline -- [--page /chapters/why-machines-read-scans/] [--widget lb-backbone-inspector]`
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Request } from '@playwright/test';
import { openPreview } from './lib/preview-browser';

const { values } = parseArgs({
  options: {
    page: { type: 'string', default: '/chapters/why-machines-read-scans/' },
    widget: { type: 'string', default: 'lb-backbone-inspector' },
    port: { type: 'string', default: '4393' },
  },
});
const DIST = resolve(process.env.LIGHTBOX_DIST ?? 'dist');
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0).padStart(6)} KB`;

function kindOf(url: string): string {
  if (url.endsWith('.html')) return 'pages (HTML)';
  if (url.startsWith('pagefind/')) return 'search index (Pagefind)';
  if (url.endsWith('.wasm')) return 'wasm (tfjs)';
  if (url.endsWith('.woff2')) return 'fonts (KaTeX woff2)';
  if (url.endsWith('.css')) return 'stylesheets';
  if (url.endsWith('.js')) return 'scripts';
  return 'other';
}

function precacheBudget(): number {
  const worker = readFileSync(join(DIST, 'service-worker.js'), 'utf8');
  const urls = [...worker.matchAll(/"url":"([^"]+)"/g)].map((match) => match[1] ?? '');
  const kinds = new Map<string, { files: number; bytes: number; gzip: number }>();
  for (const url of urls) {
    const file = join(DIST, url);
    const kind = kinds.get(kindOf(url)) ?? { files: 0, bytes: 0, gzip: 0 };
    kind.files += 1;
    kind.bytes += statSync(file).size;
    kind.gzip += gzipSync(readFileSync(file)).length;
    kinds.set(kindOf(url), kind);
  }
  print(`Precache of ${DIST} (downloaded once, on the first visit):`);
  let total = { files: 0, bytes: 0, gzip: 0 };
  for (const [kind, sum] of [...kinds].sort((a, b) => b[1].bytes - a[1].bytes)) {
    print(`  ${kind.padEnd(26)} ${String(sum.files).padStart(4)} files ${kb(sum.bytes)}  (gzip ${kb(sum.gzip)})`);
    total = { files: total.files + sum.files, bytes: total.bytes + sum.bytes, gzip: total.gzip + sum.gzip };
  }
  print(
    `  ${'total'.padEnd(26)} ${String(total.files).padStart(4)} files ${kb(total.bytes)}  (gzip ${kb(total.gzip)})`,
  );
  return total.bytes;
}

/** Bytes of every response the context receives while `run` runs (what the page itself fetched). */
async function downloaded(context: BrowserContext, run: () => Promise<void>): Promise<number> {
  let total = 0;
  const pending: Promise<void>[] = [];
  const count = (request: Request): void => {
    pending.push(
      request.sizes().then(
        (sizes) => void (total += sizes.responseBodySize),
        () => undefined,
      ),
    );
  };
  context.on('requestfinished', count);
  await run();
  context.off('requestfinished', count);
  await Promise.all(pending);
  return total;
}

/** Bytes the service worker holds, by cache (workbox precache, first-use weights, first-use gallery). */
function cachedBytes(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const sizes: Record<string, number> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let bytes = 0;
      for (const request of await cache.keys()) bytes += (await (await cache.match(request))?.blob())?.size ?? 0;
      sizes[name.replace(/-https?:.*$/, '').replace(/-[0-9a-f]{12}$/, '')] = bytes;
    }
    return sizes;
  });
}

async function firstUse(page: Page): Promise<void> {
  const widget = page.locator(values.widget).first();
  await widget.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (el) => el?.getAttribute('data-state') === 'ready' || el?.getAttribute('data-state') === 'error',
    await widget.elementHandle(),
    { timeout: 180_000 },
  );
  await page.waitForLoadState('networkidle');
}

const budget = precacheBudget();
const { origin, browser, close } = await openPreview(values.port);
try {
  const url = `${origin}${values.page}?backend=wasm`;
  const blocked = await browser.newContext({ serviceWorkers: 'block' });
  const before = await downloaded(blocked, async () => {
    const page = await blocked.newPage();
    await page.goto(url);
    await page.waitForLoadState('networkidle');
  });
  await blocked.close();

  const allowed = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await allowed.newPage();
  await page.goto(url);
  await page.locator('[data-offline-state="ready"]').waitFor({ timeout: 180_000 });
  const installed = await cachedBytes(page);
  await firstUse(page);
  const used = await cachedBytes(page);
  await allowed.close();

  const precached = installed['workbox-precache-v2'] ?? 0;
  const firstUseBytes = (used['lightbox-weights'] ?? 0) + (used['lightbox-gallery'] ?? 0);
  print(`\nFirst visit to ${values.page} (bytes received, uncompressed):`);
  print(`  before (no service worker)        ${kb(before)}`);
  print(`  precached by the worker           ${kb(precached)}  (listed: ${kb(budget).trim()})`);
  // The page loads as before, then the worker downloads its precache once (at most: hashed files may come from the
  // HTTP cache the page just filled).
  print(
    `  first load with the worker        ${kb(before + precached)}  (at most; ${((before + precached) / before).toFixed(0)}x)`,
  );
  print(`  first figure's weights + scans    ${kb(firstUseBytes)}  (kept on first use, not on the first load)`);
  print(
    `  caches after the figure ran       ${Object.entries(used)
      .map(([name, bytes]) => `${name} ${kb(bytes).trim()}`)
      .join(', ')}`,
  );
} finally {
  await close();
}
