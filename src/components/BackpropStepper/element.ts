/** <lb-backprop-stepper>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineBackpropStepper(): void {
  defineWidgetElement('lb-backprop-stepper', () => import('./run').then((m) => m.backpropStepper));
}
