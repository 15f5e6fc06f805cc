/** Activation browser view: layer list, prediction, statistics, channel grid, enlarged channel, receptive field. */
import type * as tfc from '@tensorflow/tfjs';
import type { ActivationStats } from '../../lib/model/core/activations';
import { outputShapeOf } from '../../lib/model/core/backbone';
import type { LayerActivation } from '../../lib/model/core/classifier';
import { fieldBox, type ReceptiveField } from '../../lib/model/lessons/receptive-field';
import { channelOf, drawMap, rangeOf, type ColourScale } from '../../lib/view/heatmap';
import { placeMarker } from '../../lib/view/map-marker';
import type { CnnState } from './state';
import { STRINGS } from './strings';

export function part<T extends HTMLElement>(root: HTMLElement, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`The activation browser's markup lacks data-role="${role}".`);
  return element;
}

export function fillLayerSelect(
  select: HTMLSelectElement,
  model: tfc.LayersModel,
  layers: readonly tfc.layers.Layer[],
  chosen: string,
): void {
  select.replaceChildren(
    ...layers.map((layer) => {
      const shape = outputShapeOf(layer).slice(1) as number[];
      const option = new Option(
        STRINGS.layerOption(model.layers.indexOf(layer), layer.name, layer.getClassName(), shape),
        layer.name,
      );
      option.selected = layer.name === chosen;
      return option;
    }),
  );
  select.disabled = false;
}

export function showPrediction(list: HTMLElement, classes: readonly string[], probabilities: Float32Array): void {
  list.replaceChildren(
    ...classes.map((label, i) => {
      const p = probabilities[i] ?? 0;
      const item = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = STRINGS.prediction(label, p);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, p * 100)}%`;
      bar.setAttribute('aria-hidden', 'true');
      item.append(text, bar);
      return item;
    }),
  );
}

export function showStats(root: HTMLElement, stats: ActivationStats): void {
  part(root, 'stat-min').textContent = STRINGS.fmt(stats.min);
  part(root, 'stat-max').textContent = STRINGS.fmt(stats.max);
  part(root, 'stat-mean').textContent = STRINGS.fmt(stats.mean);
  part(root, 'stat-zeros').textContent = STRINGS.pct(stats.zeroFraction);
}

/** Maps with negative values get the diverging scale (blue, white, red); non-negative ones grey. */
export function scaleFor(stats: ActivationStats): ColourScale {
  return stats.min < 0 ? 'diverging' : 'gray';
}

/** One button per channel, each a small canvas; the chosen one is pressed and the only one in the tab order. */
export function fillGrid(grid: HTMLElement, activation: LayerActivation, scale: ColourScale, chosen: number): void {
  const channels = activation.shape[2] ?? 1;
  const buttons: HTMLButtonElement[] = [];
  for (let c = 0; c < channels; c++) {
    const map = channelOf(activation.data, activation.shape, c);
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.channel = String(c);
    button.setAttribute('aria-label', STRINGS.channelButton(c, rangeOf(map).max));
    button.setAttribute('aria-pressed', String(c === chosen));
    button.tabIndex = c === chosen ? 0 : -1;
    const canvas = document.createElement('canvas');
    drawMap(canvas, map, scale);
    button.append(canvas);
    buttons.push(button);
  }
  grid.replaceChildren(...buttons);
}

export function markChosen(grid: HTMLElement, chosen: number): void {
  for (const button of grid.querySelectorAll<HTMLButtonElement>('button')) {
    const on = button.dataset.channel === String(chosen);
    button.setAttribute('aria-pressed', String(on));
    button.tabIndex = on ? 0 : -1;
  }
}

/** Draws the enlarged channel, outlines the chosen position and returns the value there. */
export function showZoom(root: HTMLElement, activation: LayerActivation, scale: ColourScale, state: CnnState): number {
  const [height = 1, width = 1, channels = 1] = activation.shape;
  const map = channelOf(activation.data, activation.shape, state.channel);
  const canvas = part<HTMLCanvasElement>(root, 'zoom');
  drawMap(canvas, map, scale);
  canvas.setAttribute('aria-label', STRINGS.zoomAria(activation.name, state.channel));
  const value = map.values[state.row * width + state.col] ?? 0;
  placeMarker(part(root, 'cell-marker'), { top: state.row, left: state.col, height: 1, width: 1 }, width, height);
  part(root, 'zoom-caption').textContent = STRINGS.zoomCaption(state.channel, channels, state.row, state.col, value);
  part(root, 'scale-note').textContent = STRINGS.scaleNote(scale === 'diverging');
  return value;
}

/**
 * Outlines, on the scan, the input pixels the chosen position can see. A field larger than the scan is clipped to
 * it, and the clipped sides are drawn dashed: the field goes on into the padding around the image.
 */
export function showField(
  root: HTMLElement,
  field: ReceptiveField,
  state: CnnState,
  inputSize: number,
  layer: string,
): void {
  // fieldBox gives the first pixel's index; on the canvas pixel i covers [i, i + 1), so it is the box's edge.
  const box = fieldBox(field, state.row, state.col);
  const edges = {
    top: Math.max(0, box.top),
    left: Math.max(0, box.left),
    bottom: Math.min(inputSize, box.top + box.height),
    right: Math.min(inputSize, box.left + box.width),
  };
  const marker = part(root, 'rf-marker');
  placeMarker(
    marker,
    { top: edges.top, left: edges.left, height: edges.bottom - edges.top, width: edges.right - edges.left },
    inputSize,
    inputSize,
  );
  marker.style.borderTopStyle = box.top < 0 ? 'dashed' : 'solid';
  marker.style.borderLeftStyle = box.left < 0 ? 'dashed' : 'solid';
  marker.style.borderBottomStyle = box.top + box.height > inputSize ? 'dashed' : 'solid';
  marker.style.borderRightStyle = box.left + box.width > inputSize ? 'dashed' : 'solid';
  part(root, 'rf-text').textContent = STRINGS.rfText(layer, state.row, state.col, field.size[0], inputSize);
}
