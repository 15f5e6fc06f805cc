/** <lb-first-filters>: a thin element; tfjs and the model load only when the widget nears the viewport. */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineFirstFilters(): void {
  defineLazyWidget('lb-first-filters', (root) => import('./run').then(({ runFirstFilters }) => runFirstFilters(root)));
}
