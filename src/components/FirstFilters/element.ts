/** <lb-first-filters>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineFirstFilters(): void {
  defineWidgetElement('lb-first-filters', () => import('./run').then((m) => m.firstFilters));
}
