/** <lb-neuron>: a thin element; tfjs and Observable Plot load only when the widget nears the viewport. */
import { whenNearViewport } from '../../lib/view/visibility';

class NeuronElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runNeuron }) => runNeuron(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineNeuron(): void {
  if (!customElements.get('lb-neuron')) customElements.define('lb-neuron', NeuronElement);
}
