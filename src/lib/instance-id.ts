/**
 * Element ids unique per widget instance, for a widget's .astro markup (labels, aria-describedby), so one widget
 * can appear twice on a page. A counter per build: deterministic for a given build, never repeated within a page.
 */
const counters = new Map<string, number>();

/** `instanceIds('pool')` → `(local) => 'pool-3-window'`, a fresh number for each instance. */
export function instanceIds(prefix: string): (local: string) => string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return (local) => `${prefix}-${n}-${local}`;
}
