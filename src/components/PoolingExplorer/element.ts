/** <lb-pooling-explorer>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function definePoolingExplorer(): void {
  defineLazyWidget('lb-pooling-explorer', (root) =>
    import('./run').then(({ runPoolingExplorer }) => runPoolingExplorer(root)),
  );
}
