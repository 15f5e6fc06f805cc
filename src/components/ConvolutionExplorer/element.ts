/** <lb-convolution-explorer>: a thin element; tfjs loads only when the widget nears the viewport. */
import { whenNearViewport } from '../../lib/view/visibility';

class ConvolutionExplorerElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runConvolutionExplorer }) => runConvolutionExplorer(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineConvolutionExplorer(): void {
  if (!customElements.get('lb-convolution-explorer')) customElements.define('lb-convolution-explorer', ConvolutionExplorerElement);
}
