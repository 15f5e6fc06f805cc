/** <lb-neuron>: a thin element; tfjs and Observable Plot load only when the widget nears the viewport. */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineNeuron(): void {
  defineLazyWidget('lb-neuron', (root) => import('./run').then(({ runNeuron }) => runNeuron(root)));
}
