/**
 * Tests that need files outside the repository (../shared's data and weights, or what `npm run setup` copies) skip
 * when those are absent, and say so: `describe.skipIf(missing(path, 'what skips'))`.
 */
import { existsSync } from 'node:fs';

/** True when `path` does not exist, after a warning naming what skips and what is missing. */
export function missing(path: string, what: string): boolean {
  if (existsSync(path)) return false;
  console.warn(`Skipping ${what}: ${path} is missing (../shared, moved by LIGHTBOX_SHARED, or npm run setup).`);
  return true;
}
