/** <lb-prevalence-explorer>: loads its run.ts (Plot and the scores) only when it nears the viewport. */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function definePrevalenceExplorer(): void {
  defineWidgetElement('lb-prevalence-explorer', () => import('./run').then((m) => m.prevalenceExplorer));
}
