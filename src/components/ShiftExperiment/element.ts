/** <lb-shift-experiment>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineShiftExperiment(): void {
  defineLazyWidget('lb-shift-experiment', (root) =>
    import('./run').then(({ runShiftExperiment }) => runShiftExperiment(root)),
  );
}
