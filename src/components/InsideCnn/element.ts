/** <lb-inside-cnn>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineInsideCnn(): void {
  defineWidgetElement('lb-inside-cnn', () => import('./run').then((m) => m.insideCnn));
}
