/** <lb-roc-threshold>: nothing heavy loads until it nears the viewport; then run.ts (Plot and the scores with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineRocThreshold(): void {
  defineWidgetElement('lb-roc-threshold', () => import('./run').then((m) => m.rocThreshold));
}
