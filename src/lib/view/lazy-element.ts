/**
 * Defines a widget's custom element: a thin shell that does nothing until it nears the viewport, then calls
 * `start`, which dynamically imports the widget's run module (and tfjs with it) as a separate chunk. The dynamic
 * import stays in each widget's own file so the bundler splits it there.
 */
import { whenNearViewport } from './visibility';

export function defineLazyWidget(tag: string, start: (root: HTMLElement) => Promise<unknown>): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      private stopWatching: (() => void) | null = null;

      connectedCallback(): void {
        this.stopWatching = whenNearViewport(this, () => void start(this));
      }

      disconnectedCallback(): void {
        this.stopWatching?.();
      }
    },
  );
}
