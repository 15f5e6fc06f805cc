/**
 * <lb-backbone-inspector>: a thin element. Nothing heavy loads until it nears the viewport; then the model code
 * (and tfjs with it) is imported as a separate chunk.
 */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineBackboneInspector(): void {
  defineLazyWidget('lb-backbone-inspector', (root) =>
    import('./run').then(({ runBackboneInspector }) => runBackboneInspector(root)),
  );
}
