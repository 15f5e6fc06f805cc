/**
 * Which occurrence of `name` on the page being rendered this is (1, 2, …): counted per request through the
 * render's `Astro.locals`, so the number is the same however often the page is built or served (a widget's
 * #fragment in a shared link names the same widget tomorrow).
 */
const counts = new WeakMap<object, Map<string, number>>();

export function pageOrdinal(locals: object, name: string): number {
  let page = counts.get(locals);
  if (!page) {
    page = new Map();
    counts.set(locals, page);
  }
  const n = (page.get(name) ?? 0) + 1;
  page.set(name, n);
  return n;
}
