/** <lb-first-filters>: a thin element; tfjs and the model load only when the widget nears the viewport. */
import { whenNearViewport } from '../../lib/view/visibility';

class FirstFiltersElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runFirstFilters }) => runFirstFilters(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineFirstFilters(): void {
  if (!customElements.get('lb-first-filters')) customElements.define('lb-first-filters', FirstFiltersElement);
}
