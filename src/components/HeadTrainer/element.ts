/** <lb-head-trainer>: nothing heavy loads until it nears the viewport; then run.ts (tfjs and Plot with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineHeadTrainer(): void {
  defineWidgetElement('lb-head-trainer', () => import('./run').then((m) => m.headTrainer));
}
