/**
 * <lb-backbone-inspector>: a thin element. Nothing heavy loads until it nears the viewport; then the model code
 * (and tfjs with it) is imported as a separate chunk.
 */
import { whenNearViewport } from '../../lib/view/visibility';

class BackboneInspectorElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runBackboneInspector }) => runBackboneInspector(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineBackboneInspector(): void {
  if (!customElements.get('lb-backbone-inspector')) customElements.define('lb-backbone-inspector', BackboneInspectorElement);
}
