/** <lb-error-costs>: loads its run.ts (the scores) only when it nears the viewport. */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineErrorCosts(): void {
  defineWidgetElement('lb-error-costs', () => import('./run').then((m) => m.errorCosts));
}
