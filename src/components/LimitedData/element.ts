/** <lb-limited-data>: loads its run.ts (tfjs, Plot, the features) only when it nears the viewport. */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineLimitedData(): void {
  defineWidgetElement('lb-limited-data', () => import('./run').then((m) => m.limitedData));
}
