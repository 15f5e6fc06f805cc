/** The first-filters widget's DOM: one card per filter (colour swatch, grey-scan kernel, response map) and the maps. */
import {
  channelSum,
  filterKind,
  filterRgba,
  maxAbsWeight,
  type ConvFilters,
} from '../../lib/model/lessons/first-layer';
import { channelOf, drawMap, rangeOf, type FloatMap } from '../../lib/view/heatmap';
import type { Mode } from './state';
import { STRINGS, formatNumber } from './strings';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function swatch(filters: ConvFilters, index: number, scale: number): HTMLCanvasElement {
  const canvas = element('canvas', 'ff__swatch');
  canvas.width = filters.kernelWidth;
  canvas.height = filters.kernelHeight;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', STRINGS.swatchLabel(index + 1));
  canvas
    .getContext('2d')
    ?.putImageData(new ImageData(filterRgba(filters, index, scale), filters.kernelWidth, filters.kernelHeight), 0, 0);
  return canvas;
}

function greyKernel(filters: ConvFilters, index: number): HTMLElement {
  const figure = element('figure', 'ff__grey');
  const table = document.createElement('table');
  const values = channelSum(filters, index);
  for (let r = 0; r < filters.kernelHeight; r++) {
    const row = table.insertRow();
    for (let c = 0; c < filters.kernelWidth; c++)
      row.insertCell().textContent = formatNumber(values[r * filters.kernelWidth + c] ?? 0);
  }
  figure.append(element('figcaption', '', STRINGS.greyCaption), table);
  return figure;
}

/** Whether the explorer can take this filter's grey kernel (it edits square 3×3 and 5×5 kernels). */
export function canSendKernel(filters: ConvFilters): boolean {
  return filters.kernelHeight === filters.kernelWidth && [3, 5].includes(filters.kernelHeight);
}

export function buildCards(list: HTMLElement, filters: ConvFilters): void {
  const scale = maxAbsWeight(filters);
  const cards = Array.from({ length: filters.count }, (_, index) => {
    const item = element('li', '');
    item.dataset.filter = String(index);
    const map = element('canvas', 'ff__map');
    map.dataset.role = 'map';
    map.setAttribute('role', 'img');
    map.setAttribute('aria-label', STRINGS.mapLabel(index + 1));
    const range = element('span', 'ff__range');
    range.dataset.role = 'range';
    const kind = filterKind(filters, index);
    item.dataset.kind = kind;
    const weights = element('div', 'ff__weights');
    weights.append(swatch(filters, index, scale), greyKernel(filters, index));
    item.append(element('p', 'ff__title', STRINGS.filterTitle(index + 1)), weights);
    if (STRINGS.kind[kind]) item.append(element('p', 'ff__kind', STRINGS.kind[kind]));
    item.append(map, range);
    if (canSendKernel(filters) && kind !== 'dead') {
      const button = element('button', '', STRINGS.useKernel);
      button.type = 'button';
      button.dataset.index = String(index);
      button.setAttribute('aria-label', STRINGS.useKernelLabel(index + 1));
      item.append(button);
    }
    return item;
  });
  list.replaceChildren(...cards);
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
export function drawMaps(list: HTMLElement, data: Float32Array, shape: readonly number[], mode: Mode): MapStats[] {
  const count = shape[2] ?? 0;
  const maps: FloatMap[] = Array.from({ length: count }, (_, f) => channelOf(data, shape, f));
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
