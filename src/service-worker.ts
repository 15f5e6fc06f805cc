/// <reference lib="webworker" />
/**
 * Lightbox's service worker, built by vite-plugin-pwa (injectManifest) with Workbox; the plan it follows is
 * src/lib/offline/cache-plan.ts.
 * - Precache: the manifest Workbox injects at build time (every page, script, stylesheet, font, wasm binary and the
 *   search index, each with its revision). A rebuild that changes a file changes its revision: the new worker
 *   installs the new copy, takes over at once, and the old precache is deleted.
 * - Pages: from the network first (a reader online always gets the newest page, after one reload), falling back to
 *   the precached copy when the network fails or is slower than NETWORK_TIMEOUT_MS (conference Wi-Fi).
 * - Weights and gallery scans: cached on first use (cache first), in caches named by a hash of that content.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import {
  fingerprint,
  outdatedRuntimeCaches,
  pageCacheUrl,
  runtimeCacheKind,
  runtimeCacheName,
  type RuntimeCacheKind,
} from './lib/offline/cache-plan';

declare const self: ServiceWorkerGlobalScope;
/** A hash of public/weights and public/samples, computed when the site is built (src/integrations/offline.ts). */
declare const __LIGHTBOX_CONTENT_VERSION__: string;

const NETWORK_TIMEOUT_MS = 4000;
const manifest = self.__WB_MANIFEST;
const VERSION = fingerprint(
  manifest.map((entry) => (typeof entry === 'string' ? entry : `${entry.url} ${entry.revision ?? ''}`)),
);
const CONTENT_VERSION = __LIGHTBOX_CONTENT_VERSION__;
const scopePath = new URL(self.registration.scope).pathname;
const runtimeCaches: Record<RuntimeCacheKind, string> = {
  weights: runtimeCacheName('weights', CONTENT_VERSION),
  gallery: runtimeCacheName('gallery', CONTENT_VERSION),
};

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();

async function networkPage(request: Request): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

function notSaved(url: string): Response {
  const body =
    '<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Not saved for offline use · Lightbox</title>' +
    `<h1>This page is not saved for offline use</h1><p>You are offline, and ${url} is not part of the copy of ` +
    'Lightbox this browser keeps. Reconnect and reload.</p></html>';
  return new Response(body, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

// Registered before the precache route, so navigations try the network first. Only a page with a precached copy
// gives up on a slow network (it has something better to show); any other waits for the network as usual.
registerRoute(
  new NavigationRoute(async ({ request }) => {
    const saved = await matchPrecache(pageCacheUrl(request.url));
    if (!saved) return fetch(request).catch(() => notSaved(new URL(request.url).pathname));
    try {
      return await networkPage(request);
    } catch {
      return saved;
    }
  }),
);

// Precached files never vary by query: Pagefind asks for pagefind-entry.json?ts=<now> to get past HTTP caches.
precacheAndRoute(manifest, { ignoreURLParametersMatching: [/.*/] });

for (const kind of Object.keys(runtimeCaches) as RuntimeCacheKind[]) {
  registerRoute(
    ({ url, sameOrigin }) => sameOrigin && runtimeCacheKind(url.pathname, scopePath) === kind,
    new CacheFirst({ cacheName: runtimeCaches[kind], plugins: [new CacheableResponsePlugin({ statuses: [200] })] }),
  );
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(outdatedRuntimeCaches(names, Object.values(runtimeCaches)).map((name) => caches.delete(name))),
      ),
  );
});

// The page's offline indicator asks which version this worker serves (src/lib/view/offline-status.ts).
self.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'LIGHTBOX_STATUS')
    event.ports[0]?.postMessage({ version: VERSION, contentVersion: CONTENT_VERSION });
});
