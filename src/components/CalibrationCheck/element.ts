/** <lb-calibration-check>: loads its run.ts (Plot and the scores) only when it nears the viewport. */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineCalibrationCheck(): void {
  defineWidgetElement('lb-calibration-check', () => import('./run').then((m) => m.calibrationCheck));
}
