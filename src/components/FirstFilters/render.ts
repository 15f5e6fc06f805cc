/**
 * The first-filters widget's view: the layer's description, one card per filter (colour swatch, grey-scan kernel,
 * response map), the scan as the network receives it, the maps on one common scale and their legend. No tfjs.
 */
import {
  channelSum,
  filterKind,
  filterRgba,
  maxAbsWeight,
  type ConvFilters,
} from '../../lib/model/lessons/first-layer';
import { part as partOf } from '../../lib/view/dom';
import { channelOf, type Grid } from '../../lib/model/core/grid';
import { drawMap, rangeOf } from '../../lib/view/heatmap';
import type { FirstFiltersState, Mode } from './state';
import { STRINGS, formatNumber } from './strings';

const OWNER = 'first-filters widget';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

/** Scans are drawn on their own grey scale, 0 (black) to 255 (white), as the network receives them. */
const PIXEL_RANGE = { min: 0, max: 255 };

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function showControls(root: HTMLElement, state: FirstFiltersState): void {
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="mode"]'))
    radio.checked = radio.value === state.mode;
}

/** The layer's description and its filter cards; `output` is the layer's [height, width] on a scan. */
export function showLayer(root: HTMLElement, filters: ConvFilters, output: readonly [number, number]): void {
  part(root, 'layer-info').textContent = STRINGS.layerInfo(
    filters.layerName,
    filters.count,
    filters.kernelHeight,
    filters.kernelWidth,
    filters.inChannels,
    filters.strides[0],
    filters.padding,
    output[0],
    output[1],
  );
  buildCards(part(root, 'filters'), filters);
}

export function drawInput(root: HTMLElement, grey: Grid): void {
  drawMap(part<HTMLCanvasElement>(root, 'input'), grey, 'gray', PIXEL_RANGE);
}

function swatch(doc: Document, filters: ConvFilters, index: number, scale: number, dead: boolean): HTMLCanvasElement {
  const canvas = element(doc, 'canvas', 'ff__swatch');
  canvas.width = filters.kernelWidth;
  canvas.height = filters.kernelHeight;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', STRINGS.swatchLabel(index + 1, dead));
  canvas
    .getContext('2d')
    ?.putImageData(new ImageData(filterRgba(filters, index, scale), filters.kernelWidth, filters.kernelHeight), 0, 0);
  return canvas;
}

function greyKernel(doc: Document, filters: ConvFilters, index: number): HTMLElement {
  const figure = element(doc, 'figure', 'ff__grey');
  const table = element(doc, 'table', '');
  const body = element(doc, 'tbody', '');
  const values = channelSum(filters, index);
  for (let r = 0; r < filters.kernelHeight; r++) {
    const row = element(doc, 'tr', '');
    for (let c = 0; c < filters.kernelWidth; c++)
      row.append(element(doc, 'td', '', formatNumber(values[r * filters.kernelWidth + c] ?? 0)));
    body.append(row);
  }
  table.append(body);
  figure.append(element(doc, 'figcaption', '', STRINGS.greyCaption), table);
  return figure;
}

/** Whether the explorer can take this filter's grey kernel (it edits square 3×3 and 5×5 kernels). */
function canSendKernel(filters: ConvFilters): boolean {
  return filters.kernelHeight === filters.kernelWidth && [3, 5].includes(filters.kernelHeight);
}

function card(doc: Document, filters: ConvFilters, index: number, scale: number): HTMLLIElement {
  const item = element(doc, 'li', '');
  item.dataset.filter = String(index);
  const kind = filterKind(filters, index);
  item.dataset.kind = kind;
  const map = element(doc, 'canvas', 'ff__map');
  map.dataset.role = 'map';
  map.setAttribute('role', 'img');
  map.setAttribute('aria-label', STRINGS.mapLabel(index + 1, kind === 'dead'));
  const range = element(doc, 'span', 'ff__range');
  range.dataset.role = 'range';
  const weights = element(doc, 'div', 'ff__weights');
  weights.append(swatch(doc, filters, index, scale, kind === 'dead'), greyKernel(doc, filters, index));
  item.append(element(doc, 'p', 'ff__title', STRINGS.filterTitle(index + 1, kind === 'dead')), weights);
  if (STRINGS.kind[kind]) item.append(element(doc, 'p', 'ff__kind', STRINGS.kind[kind]));
  item.append(map, range);
  if (canSendKernel(filters) && kind !== 'dead') {
    const button = element(doc, 'button', '', STRINGS.useKernel);
    button.type = 'button';
    button.dataset.index = String(index);
    button.setAttribute('aria-label', STRINGS.useKernelLabel(index + 1));
    item.append(button);
  }
  return item;
}

function buildCards(list: HTMLElement, filters: ConvFilters): void {
  const scale = maxAbsWeight(filters);
  list.replaceChildren(
    ...Array.from({ length: filters.count }, (_, index) => card(list.ownerDocument, filters, index, scale)),
  );
}

export interface MapStats {
  filter: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * Draws every filter's map from an [h, w, count] output on one scale for all (raw: diverging ±largest |value|;
 * block: grey from 0 to the largest value), so that their strengths compare; returns each map's range and mean.
 */
export function drawMaps(root: HTMLElement, data: Float32Array, shape: readonly number[], mode: Mode): MapStats[] {
  const list = part(root, 'filters');
  const count = shape[2] ?? 0;
  const maps: Grid[] = Array.from({ length: count }, (_, f) => channelOf(data, shape, f));
  const ranges = maps.map(rangeOf);
  const largest = Math.max(0, ...ranges.map((r) => Math.max(Math.abs(r.min), Math.abs(r.max))));
  const common =
    mode === 'raw' ? { min: -largest, max: largest } : { min: 0, max: Math.max(0, ...ranges.map((r) => r.max)) };
  return maps.map((map, filter) => {
    const range = ranges[filter] ?? rangeOf(map);
    const canvas = list.querySelector<HTMLCanvasElement>(`li[data-filter="${filter}"] [data-role="map"]`);
    if (canvas) drawMap(canvas, map, mode === 'raw' ? 'diverging' : 'gray', common);
    const label = list.querySelector(`li[data-filter="${filter}"] [data-role="range"]`);
    if (label) label.textContent = STRINGS.range(formatNumber(range.min), formatNumber(range.max));
    let sum = 0;
    for (const v of map.values) sum += v;
    const mean = sum / Math.max(1, map.values.length);
    return { filter, min: range.min, max: range.max, mean };
  });
}

/** The legend of the maps' common scale; `activation` names the block's activation (e.g. relu6). */
export function showLegend(root: HTMLElement, mode: Mode, stats: readonly MapStats[], activation: string): void {
  const max = Math.max(0, ...stats.map((s) => s.max));
  const largest = Math.max(0, ...stats.map((s) => Math.max(Math.abs(s.min), Math.abs(s.max))));
  part(root, 'legend').textContent =
    mode === 'raw' ? STRINGS.rawLegend(formatNumber(largest)) : STRINGS.blockLegend(activation, formatNumber(max));
}
