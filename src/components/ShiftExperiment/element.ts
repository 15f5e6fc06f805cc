/** <lb-shift-experiment>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { whenNearViewport } from '../../lib/view/visibility';

class ShiftExperimentElement extends HTMLElement {
  private stopWatching: (() => void) | null = null;

  connectedCallback(): void {
    this.stopWatching = whenNearViewport(this, () => {
      void import('./run').then(({ runShiftExperiment }) => runShiftExperiment(this));
    });
  }

  disconnectedCallback(): void {
    this.stopWatching?.();
  }
}

export function defineShiftExperiment(): void {
  if (!customElements.get('lb-shift-experiment')) customElements.define('lb-shift-experiment', ShiftExperimentElement);
}
