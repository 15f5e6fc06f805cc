/** Maps and markers of the convolution explorer: the grey input, the output map, the patch and cursor outlines. */
import { outputSize, paddingFor, type Grid } from '../../lib/model/convolution';
import { isZeroSum, type Kernel } from '../../lib/model/kernels';
import { drawMap, rangeOf } from '../../lib/view/heatmap';
import type { ConvState } from './state';
import { STRINGS, formatNumber } from './strings';

export interface Cell {
  row: number;
  col: number;
}

export function part<T extends Element>(root: ParentNode, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`The convolution explorer's markup lacks data-role="${role}".`);
  return element;
}

export function setText(root: ParentNode, role: string, text: string): void {
  part(root, role).textContent = text;
}

/** Outlines `box` (in map cells) of a map `width` × `height` with an element laid over the canvas. */
export function placeBox(marker: HTMLElement, top: number, left: number, rows: number, cols: number, width: number, height: number): void {
  marker.hidden = false;
  marker.style.top = `${(top / height) * 100}%`;
  marker.style.left = `${(left / width) * 100}%`;
  marker.style.height = `${(rows / height) * 100}%`;
  marker.style.width = `${(cols / width) * 100}%`;
}

export function drawInput(root: HTMLElement, grid: Grid): void {
  drawMap(part<HTMLCanvasElement>(root, 'input'), grid, 'gray', { min: 0, max: 255 });
  setText(root, 'input-size', STRINGS.inputSize(grid.width));
}

/** The output map: grey from min to max, or diverging around 0 for zero-sum (edge) kernels. */
export function drawOutput(root: HTMLElement, output: Grid, kernel: Kernel): void {
  const range = rangeOf(output);
  const diverging = isZeroSum(kernel);
  drawMap(part<HTMLCanvasElement>(root, 'output'), output, diverging ? 'diverging' : 'gray', range);
  setText(root, 'output-size', STRINGS.outputSize(output.width, output.height));
  setText(root, 'legend', diverging
    ? STRINGS.divergingLegend(formatNumber(Math.max(Math.abs(range.min), Math.abs(range.max))))
    : STRINGS.grayLegend(formatNumber(range.min), formatNumber(range.max)));
}

/** The size arithmetic for one side (scans are square), with the padding TensorFlow adds. */
export function showSizeFormula(root: HTMLElement, n: number, state: ConvState): void {
  const k = state.kernel.size;
  const { before, after } = paddingFor(n, k, state.stride, state.padding);
  setText(root, 'size-formula', STRINGS.size(n, k, state.stride, state.padding, before, after, outputSize(n, k, state.stride, state.padding)));
}

/** Outlines the chosen output pixel and the input patch it reads. */
export function showCursor(root: HTMLElement, cell: Cell, input: Grid, output: Grid, state: ConvState): void {
  const k = state.kernel.size;
  placeBox(part(root, 'cursor-box'), cell.row, cell.col, 1, 1, output.width, output.height);
  const top = cell.row * state.stride - paddingFor(input.height, k, state.stride, state.padding).before;
  const left = cell.col * state.stride - paddingFor(input.width, k, state.stride, state.padding).before;
  placeBox(part(root, 'patch-box'), top, left, k, k, input.width, input.height);
}
