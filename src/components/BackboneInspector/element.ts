/** <lb-backbone-inspector>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineBackboneInspector(): void {
  defineWidgetElement('lb-backbone-inspector', () => import('./run').then((m) => m.backboneInspector));
}
