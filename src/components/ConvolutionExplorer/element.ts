/** <lb-convolution-explorer>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineConvolutionExplorer(): void {
  defineWidgetElement('lb-convolution-explorer', () => import('./run').then((m) => m.convolutionExplorer));
}
