/** <lb-loss-feel>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineLossFeel(): void {
  defineWidgetElement('lb-loss-feel', () => import('./run').then((m) => m.lossFeel));
}
