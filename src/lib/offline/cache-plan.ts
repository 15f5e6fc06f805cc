/**
 * What the service worker keeps, and under which names: the budget for offline use, in one place so the worker,
 * the integration that builds it and the tests agree.
 * - Precached on the first visit (workbox precache, one revision per file, replaced when the site is rebuilt):
 *   every page, script, stylesheet, woff2 font, the two wasm binaries tfjs can use without cross-origin isolation,
 *   and the search index.
 * - Cached on first use (never on the first page load): network weights and gallery scans, each in a cache whose
 *   name carries a hash of that content, so a rebuild with new weights drops the old copies and a rebuild that only
 *   changed prose keeps them.
 * Framework-free: imported by the service worker, the Astro integration (Node) and unit tests.
 */

/** Globs (relative to the built site) precached on the first visit. */
export const PRECACHE_GLOBS: readonly string[] = [
  '**/*.html',
  '_astro/*.{js,css}',
  '_astro/*.woff2',
  // The threaded binary needs cross-origin isolation, which a static host does not give: never fetched, not kept.
  '_astro/tfjs-backend-wasm.*.wasm',
  '_astro/tfjs-backend-wasm-simd.*.wasm',
  // Pagefind's search: its script, worker, English wasm and index (its ready-made UIs are not used).
  'pagefind/pagefind.js',
  'pagefind/pagefind-worker.js',
  'pagefind/pagefind-entry.json',
  'pagefind/*.pf_meta',
  'pagefind/wasm.en.pagefind',
  'pagefind/{index,fragment,filter}/*',
  'favicon.svg',
];

/** Never precached: test-only pages, Astro's build leftovers, and what is cached on first use instead. */
export const PRECACHE_IGNORES: readonly string[] = [
  'fixtures/**',
  'weights/**',
  'samples/**',
  'collections/**',
  '**/*.mjs',
  'service-worker.js',
];

/** Files bigger than this are refused: tfjs's bundle (~1.7 MB) is the largest meant to be precached. */
export const PRECACHE_MAX_FILE_BYTES = 3 * 1024 * 1024;

/** Astro's hashed assets: their names change with their content, so Workbox needs no revision for them. */
export const HASHED_ASSETS = /^_astro\//;

/** Folders (under the site's base) cached on first use, each under its own versioned cache. */
const RUNTIME_FOLDERS = { weights: 'weights/', gallery: 'samples/' } as const;
export type RuntimeCacheKind = keyof typeof RUNTIME_FOLDERS;

const CACHE_PREFIX = 'lightbox-';

export function runtimeCacheName(kind: RuntimeCacheKind, version: string): string {
  return `${CACHE_PREFIX}${kind}-${version}`;
}

/** Which first-use cache a same-origin path belongs to (null: not cached on first use). */
export function runtimeCacheKind(pathname: string, scopePath: string): RuntimeCacheKind | null {
  const base = scopePath.endsWith('/') ? scopePath : `${scopePath}/`;
  if (!pathname.startsWith(base)) return null;
  const inside = pathname.slice(base.length);
  for (const [kind, folder] of Object.entries(RUNTIME_FOLDERS)) {
    if (inside.startsWith(folder)) return kind as RuntimeCacheKind;
  }
  return null;
}

/** Our first-use caches that a new version replaces (workbox cleans its own precaches). */
export function outdatedRuntimeCaches(names: readonly string[], current: readonly string[]): string[] {
  const kinds = Object.keys(RUNTIME_FOLDERS).map((kind) => `${CACHE_PREFIX}${kind}-`);
  return names.filter((name) => kinds.some((prefix) => name.startsWith(prefix)) && !current.includes(name));
}

/** The precached copy of a page: `/a/b/` and `/a/b` are both `/a/b/index.html`; a query or hash is ignored. */
export function pageCacheUrl(href: string): string {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  else if (!/\.[a-z0-9]+$/i.test(url.pathname)) url.pathname += '/index.html';
  return url.href;
}

/** A short, stable fingerprint of a list of strings (FNV-1a, hex): the version readers see. */
export function fingerprint(parts: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i += 1) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash ^= 0x0a;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
