/** <lb-pooling-explorer>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function definePoolingExplorer(): void {
  defineWidgetElement('lb-pooling-explorer', () => import('./run').then((m) => m.poolingExplorer));
}
