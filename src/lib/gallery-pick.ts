/**
 * Deterministic choices from the scan gallery: which task's head reads a scan, and a spread of other scans to
 * compare it with (evenly through the gallery's order, so every reader and every test sees the same ones).
 */
import type { GalleryScan } from './gallery';

/** The diagnostic task whose head reads scans of a dataset: chest X-rays → cxr, OCT → oct. */
export function taskForDataset(dataset: GalleryScan['dataset']): 'cxr' | 'oct' {
  return dataset === 'oct' ? 'oct' : 'cxr';
}

/** `count` items spread evenly from first to last (all of them when there are fewer). */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (count <= 0 || items.length === 0) return [];
  if (items.length <= count) return [...items];
  if (count === 1) return [items[0] as T];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))] as T);
}

/** Other scans of the same dataset to compare a scan with: `count` of them, spread through the gallery, never itself. */
export function otherScans(
  scans: readonly GalleryScan[],
  dataset: GalleryScan['dataset'],
  excludeId: string,
  count: number,
): GalleryScan[] {
  return spread(
    scans.filter((scan) => scan.dataset === dataset && scan.id !== excludeId),
    count,
  );
}
