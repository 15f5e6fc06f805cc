/** <lb-explanation-explorer>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineExplanationExplorer(): void {
  defineWidgetElement('lb-explanation-explorer', () => import('./run').then((m) => m.explanationExplorer));
}
