/**
 * The backbone inspector's state. Its only choice is the scan, which the scan picker keeps in the URL (`scan=`), so
 * it claims no URL key of its own. Which backbone it shows is not a choice either: the catalogue's one network that
 * ends in ImageNet's 1,000-class softmax, since the widget is about what that top makes of a scan.
 */
import { BACKBONES, type BackboneInfo } from '../../lib/model/core/backbone';
import { defineUrlState } from '../../lib/view/url-state';

export type InspectorState = Record<string, never>;

export const inspectorUrlState = defineUrlState<InspectorState>('the backbone inspector', 'bb.', {});

/** How many of ImageNet's guesses the widget lists. */
export const TOP_K = 5;

export class NoImagenetBackboneError extends Error {}

/** The catalogue's backbone with ImageNet's top (the first, should there ever be several). */
export function imagenetBackbone(catalogue: readonly BackboneInfo[] = BACKBONES): BackboneInfo {
  const info = catalogue.find((b) => b.imagenetTop);
  if (!info) throw new NoImagenetBackboneError('No backbone in the catalogue has ImageNet’s top to inspect.');
  return info;
}

/** The first name of an ImageNet label ("tabby, tabby cat" → "tabby"). */
export function shortLabel(label: string): string {
  return label.split(',')[0]?.trim() || label;
}

/** A layer's output shape as the table shows it: the batch dimension named, not null. */
export function shapeCells(shape: readonly (number | null)[]): string[] {
  return shape.map((d) => (d === null ? 'batch' : String(d)));
}
