/** <lb-convolution-explorer>: a thin element; tfjs loads only when the widget nears the viewport. */
import { defineLazyWidget } from '../../lib/view/lazy-element';

export function defineConvolutionExplorer(): void {
  defineLazyWidget('lb-convolution-explorer', (root) =>
    import('./run').then(({ runConvolutionExplorer }) => runConvolutionExplorer(root)),
  );
}
