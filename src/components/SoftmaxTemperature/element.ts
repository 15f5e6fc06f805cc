/** <lb-softmax>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineSoftmaxTemperature(): void {
  defineWidgetElement('lb-softmax', () => import('./run').then((m) => m.softmaxTemperature));
}
