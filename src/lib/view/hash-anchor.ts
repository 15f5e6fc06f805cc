/**
 * A link that ends in #<widget id> opens the page at that widget, but the browser scrolls there once, at load, and
 * the figures above it then render and grow, pushing it off the screen. Until the reader scrolls, types or touches
 * (or 10 s pass), the linked widget is put back at the top of the view whenever the page's height changes.
 */
const SETTLE_MS = 10_000;
const READER_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

export function keepLinkedInView(target: HTMLElement): void {
  if (!target.id || decodeURIComponent(location.hash.slice(1)) !== target.id) return;
  if (typeof ResizeObserver === 'undefined') return;
  let lastHeight = document.documentElement.scrollHeight;
  const observer = new ResizeObserver(() => {
    const height = document.documentElement.scrollHeight;
    if (height === lastHeight) return;
    lastHeight = height;
    target.scrollIntoView({ block: 'start' });
  });
  const stop = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of READER_EVENTS) window.removeEventListener(type, stop, true);
  };
  const timer = setTimeout(stop, SETTLE_MS);
  for (const type of READER_EVENTS) window.addEventListener(type, stop, { capture: true, passive: true });
  observer.observe(document.body);
}
