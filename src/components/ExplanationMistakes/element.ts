/** <lb-explanation-mistakes>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineExplanationMistakes(): void {
  defineWidgetElement('lb-explanation-mistakes', () => import('./run').then((m) => m.explanationMistakes));
}
