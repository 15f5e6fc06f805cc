/** <lb-inside-cnn>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineInsideCnn(): void {
  defineLazyWidget('lb-inside-cnn', (root) => import('./run').then(({ runInsideCnn }) => runInsideCnn(root)));
}
