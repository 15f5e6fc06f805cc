/**
 * Activation browser view: layer list, prediction, statistics, channel grid, enlarged channel and the receptive
 * field on the scan. Plain data in (layer rows, activations as typed arrays), DOM and canvas out; no tfjs.
 */
import type { ActivationStats } from '../../lib/model/core/activations';
import type { LayerRow } from '../../lib/model/core/backbone';
import type { LayerActivation } from '../../lib/model/core/classifier';
import { channelOf, type Grid } from '../../lib/model/core/grid';
import { fieldOnScan, type FieldOnScan, type ReceptiveField } from '../../lib/model/lessons/receptive-field';
import { part as partOf } from '../../lib/view/dom';
import { drawMap, rangeOf, type ColourScale } from '../../lib/view/heatmap';
import { placeMarker } from '../../lib/view/map-marker';
import { markArchRow } from './arch-table';
import type { CnnState } from './state';
import { STRINGS } from './strings';

const OWNER = 'activation browser';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

/** The scan is drawn on the network's grey scale, 0 (black) to 255 (white). */
const PIXEL_RANGE = { min: 0, max: 255 };

export function drawScan(root: HTMLElement, grey: Grid): void {
  drawMap(part<HTMLCanvasElement>(root, 'scan'), grey, 'gray', PIXEL_RANGE);
}

/** The browsable layers (rows of the architecture table), each with its index, type and output shape. */
export function fillLayerSelect(select: HTMLSelectElement, rows: readonly LayerRow[], chosen: string): void {
  select.replaceChildren(
    ...rows.map((row) => {
      const option = select.ownerDocument.createElement('option');
      option.value = row.name;
      option.textContent = STRINGS.layerOption(row.index, row.name, row.type, row.outputShape.slice(1) as number[]);
      option.selected = row.name === chosen;
      return option;
    }),
  );
  select.disabled = false;
}

export function showNotice(root: HTMLElement, notice: string | null): void {
  const element = part(root, 'notice');
  element.textContent = notice ?? '';
  element.hidden = !notice;
}

export function showPrediction(root: HTMLElement, classes: readonly string[], probabilities: ArrayLike<number>): void {
  const list = part(root, 'prediction');
  const doc = root.ownerDocument;
  list.replaceChildren(
    ...classes.map((label, i) => {
      const p = probabilities[i] ?? 0;
      const item = doc.createElement('li');
      const text = doc.createElement('span');
      text.textContent = STRINGS.prediction(label, p);
      const bar = doc.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, p * 100)}%`;
      bar.setAttribute('aria-hidden', 'true');
      item.append(text, bar);
      return item;
    }),
  );
}

function showStats(root: HTMLElement, stats: ActivationStats): void {
  part(root, 'stat-min').textContent = STRINGS.fmt(stats.min);
  part(root, 'stat-max').textContent = STRINGS.fmt(stats.max);
  part(root, 'stat-mean').textContent = STRINGS.fmt(stats.mean);
  part(root, 'stat-zeros').textContent = STRINGS.pct(stats.zeroFraction);
}

/** Maps with negative values get the diverging scale (blue, white, red); non-negative ones grey. */
export function scaleFor(stats: ActivationStats): ColourScale {
  return stats.min < 0 ? 'diverging' : 'gray';
}

/** Selects the option holding `value` (what `select.value = value` does). */
function choose(select: HTMLSelectElement, value: string): void {
  for (const option of select.querySelectorAll('option')) option.selected = option.value === value;
}

/** The head select follows the scan: the task whose head reads the scan's dataset. */
export function showTask(root: HTMLElement, task: string): void {
  choose(part<HTMLSelectElement>(root, 'task'), task);
}

/** A layer's map, as the browser shows it: its activation, type, receptive field, statistics and colour scale. */
export interface LayerView {
  activation: LayerActivation;
  type: string;
  field: ReceptiveField | null;
  stats: ActivationStats;
  scale: ColourScale;
}

/** The layer chosen in the list, its description and statistics, its channels (`channel` pressed), its table row. */
export function showLayer(root: HTMLElement, view: LayerView, channel: number): void {
  const { activation, field } = view;
  choose(part<HTMLSelectElement>(root, 'layer'), activation.name);
  part(root, 'layer-info').textContent = STRINGS.layerInfo(
    view.type,
    activation.shape,
    field?.size[0] ?? 0,
    field?.jump[0] ?? 0,
  );
  showStats(root, view.stats);
  fillGrid(root, activation, view.scale, channel);
  markArchRow(part(root, 'arch'), activation.name);
}

/** One button per channel, each a small canvas; the chosen one is pressed and the only one in the tab order. */
function fillGrid(root: HTMLElement, activation: LayerActivation, scale: ColourScale, chosen: number): void {
  const grid = part(root, 'grid');
  const channels = activation.shape[2] ?? 1;
  const buttons: HTMLButtonElement[] = [];
  for (let c = 0; c < channels; c++) {
    const map = channelOf(activation.data, activation.shape, c);
    const button = root.ownerDocument.createElement('button');
    button.type = 'button';
    button.dataset.channel = String(c);
    const range = rangeOf(map);
    const flat = range.min === range.max;
    button.setAttribute('aria-label', STRINGS.channelButton(c, range.max, flat));
    button.setAttribute('aria-pressed', String(c === chosen));
    button.tabIndex = c === chosen ? 0 : -1;
    const canvas = root.ownerDocument.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    drawMap(canvas, map, scale);
    button.append(canvas);
    if (flat) {
      // A flat map draws as a plain square that looks broken: say what it is, on the thumbnail and in its name.
      button.dataset.flat = range.max === 0 ? 'silent' : 'constant';
      const badge = root.ownerDocument.createElement('span');
      badge.className = 'cnn__flat';
      badge.setAttribute('aria-hidden', 'true');
      badge.textContent = STRINGS.flatBadge(range.max);
      button.append(badge);
    }
    buttons.push(button);
  }
  grid.replaceChildren(...buttons);
  grid.setAttribute('aria-label', STRINGS.gridLabel(activation.name, channels));
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
 * Outlines, on the scan, the input pixels the chosen position can see. Only the part on the scan is drawn; a side
 * that goes on beyond the scan (into the padding) is drawn dashed.
 */
export function showField(
  root: HTMLElement,
  field: ReceptiveField,
  state: CnnState,
  inputSize: number,
  layer: string,
): FieldOnScan {
  const shown = fieldOnScan(field, state.row, state.col, inputSize);
  const marker = part(root, 'rf-marker');
  const box = { top: shown.top, left: shown.left, height: shown.bottom - shown.top, width: shown.right - shown.left };
  placeMarker(marker, box, inputSize, inputSize);
  const side = (beyond: boolean): string => (beyond ? 'dashed' : 'solid');
  marker.style.borderTopStyle = side(shown.beyond.top);
  marker.style.borderLeftStyle = side(shown.beyond.left);
  marker.style.borderBottomStyle = side(shown.beyond.bottom);
  marker.style.borderRightStyle = side(shown.beyond.right);
  part(root, 'rf-text').textContent = STRINGS.rfText(layer, state, field.size[0], inputSize, shown);
  return shown;
}
