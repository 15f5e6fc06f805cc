/**
 * Starts work when an element comes near the viewport (Distill's figure lifecycle, simplified): tfjs and the model
 * are fetched only for widgets a reader actually scrolls to.
 */
export function whenNearViewport(element: Element, start: () => void, rootMargin = '300px 0px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    start();
    return () => undefined;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start();
      }
    },
    { rootMargin },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
