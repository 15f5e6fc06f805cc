/** <lb-shift-experiment>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineShiftExperiment(): void {
  defineWidgetElement('lb-shift-experiment', () => import('./run').then((m) => m.shiftExperiment));
}
