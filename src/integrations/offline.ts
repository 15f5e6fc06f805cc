/**
 * Offline reading and search, added to every build (`npm run build`, the e2e builds, the sub-path build):
 * 1. Pagefind indexes the built pages (never the test fixtures) into <dist>/pagefind/ when Astro has written them;
 * 2. then vite-plugin-pwa (@vite-pwa/astro) builds src/service-worker.ts with Workbox and injects the precache
 *    manifest (what src/lib/offline/cache-plan.ts says, the search index included, so search works offline too).
 * The two must run in this order: `offline()` returns them as a pair for astro.config.mjs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import AstroPWA from '@vite-pwa/astro';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import * as pagefind from 'pagefind';
import { HASHED_ASSETS, PRECACHE_GLOBS, PRECACHE_IGNORES, PRECACHE_MAX_FILE_BYTES } from '../lib/offline/cache-plan';

/** Folders of public/ cached on first use; their hash names the caches (see cache-plan.ts). */
const FIRST_USE_FOLDERS = ['weights', 'samples'];
const NOT_INDEXED = new Set(['_astro', 'fixtures', 'weights', 'samples', 'pagefind', 'collections', 'search']);

function filesUnder(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return skip.has(entry.name) ? [] : filesUnder(path);
      return entry.isFile() ? [path] : [];
    })
    .sort();
}

/** A hash of every file (name and bytes) the first-use caches hold: a new one empties them for the new copy. */
function contentVersion(publicDir: string): string {
  const hash = createHash('sha256');
  for (const folder of FIRST_USE_FOLDERS) {
    for (const file of filesUnder(join(publicDir, folder))) {
      hash.update(relative(publicDir, file).split(sep).join('/'));
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

async function indexSite(dist: string, logger: AstroIntegrationLogger): Promise<void> {
  // KaTeX writes each formula three times (HTML, MathML, TeX source): only the MathML's words are indexed. Chart
  // SVGs hold tick labels, not prose.
  const { index, errors } = await pagefind.createIndex({
    forceLanguage: 'en',
    excludeSelectors: ['.katex-html', 'annotation', 'svg'],
  });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const pages = filesUnder(dist, NOT_INDEXED).filter((file) => file.endsWith('.html'));
  for (const file of pages) {
    const sourcePath = relative(dist, file).split(sep).join('/');
    const added = await index.addHTMLFile({ sourcePath, content: readFileSync(file, 'utf8') });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${sourcePath}: ${added.errors.join('; ')}`);
  }
  const written = await index.writeFiles({ outputPath: join(dist, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  await pagefind.close();
  logger.info(`Pagefind: ${pages.length} page(s) indexed into pagefind/`);
}

function searchIndex(): AstroIntegration {
  return {
    name: 'lightbox-search-index',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        const version = contentVersion(fileURLToPath(config.publicDir));
        updateConfig({ vite: { define: { __LIGHTBOX_CONTENT_VERSION__: JSON.stringify(version) } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        await indexSite(fileURLToPath(dir), logger);
      },
    },
  };
}

/**
 * [search index, service worker]: in this order, so the worker's precache includes the index. `outDir` is Astro's:
 * the worker is built and its precache listed there after Astro has written every page (Astro builds a site whose
 * outDir lies outside the project in a temporary folder first, which Vite's own outDir would point at).
 */
export function offline(outDir: string): AstroIntegration[] {
  const serviceWorker = AstroPWA({
    outDir: resolve(outDir),
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'service-worker.ts',
    // The page registers the worker itself (src/lib/view/offline-status.ts) and shows its state.
    injectRegister: false,
    manifest: false,
    injectManifest: {
      globPatterns: [...PRECACHE_GLOBS],
      globIgnores: [...PRECACHE_IGNORES],
      maximumFileSizeToCacheInBytes: PRECACHE_MAX_FILE_BYTES,
      dontCacheBustURLsMatching: HASHED_ASSETS,
      // Keep Workbox's own URLs (…/index.html): the worker maps a page URL onto them (cache-plan.ts pageCacheUrl).
      manifestTransforms: [(entries) => Promise.resolve({ manifest: entries, warnings: [] })],
      rollupFormat: 'iife',
    },
  });
  return [searchIndex(), serviceWorker];
}
