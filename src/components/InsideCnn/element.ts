/** <lb-inside-cnn>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { whenNearViewport } from '../../lib/view/visibility';

class InsideCnnElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runInsideCnn }) => runInsideCnn(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineInsideCnn(): void {
  if (!customElements.get('lb-inside-cnn')) customElements.define('lb-inside-cnn', InsideCnnElement);
}
