/** <lb-head-trainer>: a thin element; tfjs and Observable Plot load only when the widget nears the viewport. */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineHeadTrainer(): void {
  defineLazyWidget('lb-head-trainer', (root) => import('./run').then(({ runHeadTrainer }) => runHeadTrainer(root)));
}
