/** <lb-sample-size>: loads its run.ts (Plot and the scores) only when it nears the viewport. */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineSampleSize(): void {
  defineWidgetElement('lb-sample-size', () => import('./run').then((m) => m.sampleSize));
}
