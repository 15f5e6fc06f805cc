/** <lb-layer-parameters>: nothing heavy loads until it nears the viewport; then run.ts (and tfjs with it). */
import { defineWidgetElement } from '../../lib/view/widget-element';

export function defineLayerParameters(): void {
  defineWidgetElement('lb-layer-parameters', () => import('./run').then((m) => m.layerParameters));
}
