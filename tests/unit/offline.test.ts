/** The offline plan (what the service worker keeps, under which names) and the words a failed download gets. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fingerprint,
  outdatedRuntimeCaches,
  pageCacheUrl,
  runtimeCacheKind,
  runtimeCacheName,
} from '../../src/lib/offline/cache-plan';
import { explainNetworkFailure, NetworkFailureError } from '../../src/lib/view/offline-errors';

describe('cache plan', () => {
  it('caches weights and gallery scans on first use, under the site base only', () => {
    expect(runtimeCacheKind('/weights/heads/cxr/meta.json', '/')).toBe('weights');
    expect(runtimeCacheKind('/lightbox/samples/cxr/a.jpeg', '/lightbox/')).toBe('gallery');
    expect(runtimeCacheKind('/lightbox/samples/cxr/a.jpeg', '/lightbox')).toBe('gallery');
    expect(runtimeCacheKind('/samples/cxr/a.jpeg', '/lightbox/')).toBeNull();
    expect(runtimeCacheKind('/lightbox/chapters/pooling/', '/lightbox/')).toBeNull();
    expect(runtimeCacheKind('/_astro/weights.js', '/')).toBeNull();
  });

  it('drops only its own first-use caches of other versions', () => {
    const current = [runtimeCacheName('weights', 'b'), runtimeCacheName('gallery', 'b')];
    const names = [
      'lightbox-weights-a',
      'lightbox-weights-b',
      'lightbox-gallery-a',
      'lightbox-gallery-b',
      'workbox-precache-v2-http://x/',
      'someone-else',
    ];
    expect(outdatedRuntimeCaches(names, current)).toEqual(['lightbox-weights-a', 'lightbox-gallery-a']);
  });

  it('maps every form of a page URL onto its precached index.html', () => {
    expect(pageCacheUrl('http://h/lightbox/chapters/pooling/?scan=x#y')).toBe(
      'http://h/lightbox/chapters/pooling/index.html',
    );
    expect(pageCacheUrl('http://h/chapters/pooling')).toBe('http://h/chapters/pooling/index.html');
    expect(pageCacheUrl('http://h/')).toBe('http://h/index.html');
    expect(pageCacheUrl('http://h/favicon.svg')).toBe('http://h/favicon.svg');
  });

  it('fingerprints a manifest: stable, and changed by any revision', () => {
    const a = fingerprint(['index.html 1', 'a.js']);
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint(['index.html 1', 'a.js'])).toBe(a);
    expect(fingerprint(['index.html 2', 'a.js'])).not.toBe(a);
    expect(fingerprint(['index.html 1a.js'])).not.toBe(a);
  });
});

describe('failed downloads in words', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offline, says the file is not saved yet instead of "Failed to fetch"', () => {
    vi.stubGlobal('navigator', { onLine: false });
    const error = explainNetworkFailure(new TypeError('Failed to fetch'), 'the MobileNet v1 weights');
    expect(error).toBeInstanceOf(NetworkFailureError);
    expect(error?.message).toMatch(/^You are offline, and this browser has not saved the MobileNet v1 weights yet\./);
    expect(error?.message).not.toContain('Failed to fetch');
  });

  it('online, says the download failed and to check the connection', () => {
    vi.stubGlobal('navigator', { onLine: true });
    const error = explainNetworkFailure(new Error('Request failed: TypeError: Failed to fetch'), 'the OCT head');
    expect(error?.message).toMatch(/^The OCT head could not be downloaded .* Check the network connection/);
  });

  it('leaves other errors alone, even offline', () => {
    vi.stubGlobal('navigator', { onLine: false });
    expect(explainNetworkFailure(new Error('"x.png" could not be decoded as an image.'), 'a scan')).toBeNull();
    expect(explainNetworkFailure(new RangeError('bad shape'), 'a scan')).toBeNull();
  });
});
