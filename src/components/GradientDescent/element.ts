/** <lb-gradient-descent>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineGradientDescent(): void {
  defineWidgetElement('lb-gradient-descent', () => import('./run').then((m) => m.gradientDescent));
}
