/** <lb-layer-parameters>: a thin element; tfjs loads only when the widget nears the viewport. */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineLayerParameters(): void {
  defineLazyWidget('lb-layer-parameters', (root) =>
    import('./run').then(({ runLayerParameters }) => runLayerParameters(root)),
  );
}
