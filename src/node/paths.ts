/** Node-only: where things are on disk, relative to the project root (overridable by CLI flags). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared data and weights; LIGHTBOX_SHARED moves them (e.g. to a missing folder, to see what needs them). */
export const SHARED_ROOT = process.env.LIGHTBOX_SHARED
  ? resolve(process.env.LIGHTBOX_SHARED)
  : resolve(PROJECT_ROOT, '../shared');
export const SHARED_DATA = join(SHARED_ROOT, 'data/kermany');
export const SHARED_WEIGHTS = join(SHARED_ROOT, 'weights');
export const SITE_BACKBONES = join(PROJECT_ROOT, 'public/weights/backbones');
export const SITE_HEADS = join(PROJECT_ROOT, 'public/weights/heads');
export const SITE_SAMPLES = join(PROJECT_ROOT, 'public/samples');
/** Training caches and checkpoints; LIGHTBOX_CACHE moves them (e.g. outside a work tree that is cloned anew). */
export const CACHE_ROOT = process.env.LIGHTBOX_CACHE
  ? resolve(process.env.LIGHTBOX_CACHE)
  : join(PROJECT_ROOT, '.cache');

/** The backbone's model.json: the site's copy when setup has run, else ../shared. */
export function backboneModelJson(id: string, preferShared = false): string {
  const candidates = preferShared ? [SHARED_WEIGHTS, SITE_BACKBONES] : [SITE_BACKBONES, SHARED_WEIGHTS];
  return (
    candidates.map((dir) => join(dir, id, 'model.json')).find((path) => existsSync(path)) ??
    join(SHARED_WEIGHTS, id, 'model.json')
  );
}
