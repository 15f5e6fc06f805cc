/**
 * Widget state in the page URL: each widget owns keys with its own prefix (`n.x`, `cv.k`), reads them once at start
 * and rewrites them on change with history.replaceState (no history entry per slider step), so a view can be shared
 * as a link. Parsing and defaults live in each widget's state.ts; this only moves strings.
 */
export function currentParams(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Replaces the keys `write` sets (and removes those it deletes), keeping every other parameter of the page. */
export function updateParams(write: (params: URLSearchParams) => void): void {
  const url = new URL(location.href);
  write(url.searchParams);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

/** Numbers joined with "_" (URL-safe, unlike commas): "0.8_-0.5". */
export function joinNumbers(values: readonly number[]): string {
  return values.map((v) => String(v)).join('_');
}

/** The inverse of joinNumbers; null unless every part is a finite number and the count matches (when given). */
export function splitNumbers(text: string | null, count?: number): number[] | null {
  if (text === null || text === '') return null;
  const values = text.split('_').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (!values.every(Number.isFinite)) return null;
  if (count !== undefined && values.length !== count) return null;
  return values;
}
