/** <lb-neuron>: nothing heavy loads until it nears the viewport; then run.ts (tfjs and Observable Plot with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineNeuron(): void {
  defineWidgetElement('lb-neuron', () => import('./run').then((m) => m.neuron));
}
