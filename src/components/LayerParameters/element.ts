/** <lb-layer-parameters>: a thin element; tfjs loads only when the widget nears the viewport. */
import { whenNearViewport } from '../../lib/view/visibility';

class LayerParametersElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runLayerParameters }) => runLayerParameters(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineLayerParameters(): void {
  if (!customElements.get('lb-layer-parameters')) customElements.define('lb-layer-parameters', LayerParametersElement);
}
