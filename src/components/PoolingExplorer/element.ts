/** <lb-pooling-explorer>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { whenNearViewport } from '../../lib/view/visibility';

class PoolingExplorerElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runPoolingExplorer }) => runPoolingExplorer(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function definePoolingExplorer(): void {
  if (!customElements.get('lb-pooling-explorer')) customElements.define('lb-pooling-explorer', PoolingExplorerElement);
}
