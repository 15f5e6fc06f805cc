/**
 * Observable Plot rendered to an SVG string at build time, against a server-side DOM (linkedom), so charts ship
 * as static markup with no client JavaScript. Build-time only: never import this from a widget.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { labelPlotGroups } from './plot-a11y';

export class PlotOptionsError extends Error {
  override name = 'PlotOptionsError';
}

/**
 * Renders `options` to markup. An accessible name is required (`ariaLabel`); the SVG gets role="img" so assistive
 * technology reads that name (and `ariaDescription`) instead of every tick, and Plot's labelled groups a valid role
 * (plot-a11y.ts). Plot titles and legends are
 * refused: they come out as HTML headings and divs around the SVG, and the page's caption and prose do that job.
 */
export function plotToSvg(options: Plot.PlotOptions): string {
  if (!options.ariaLabel) throw new PlotOptionsError('A chart needs an ariaLabel (its accessible name).');
  if (options.title || options.subtitle || options.caption) {
    throw new PlotOptionsError('Put chart titles and captions in the figure caption, not in Plot options.');
  }
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const node = Plot.plot({ ...options, document: document as unknown as Document });
  if (node.tagName.toLowerCase() !== 'svg') {
    throw new PlotOptionsError('Plot made an HTML figure (a legend?); draw the legend in the caption instead.');
  }
  node.setAttribute('role', 'img');
  labelPlotGroups(node);
  return node.outerHTML;
}
