/**
 * Maps, markers and controls of the convolution explorer: the grey input, the output map and its legend, the size
 * arithmetic, the patch and cursor outlines, and the controls showing a state.
 */
import type { Grid } from '../../lib/model/core/grid';
import { outputSize, paddingFor } from '../../lib/model/lessons/convolution';
import { isZeroSum, type Kernel } from '../../lib/model/lessons/kernels';
import { drawMap, rangeOf } from '../../lib/view/heatmap';
import { placeMarker } from '../../lib/view/map-marker';
import { part, text } from '../../lib/view/dom';
import { showKernel } from './kernel-editor';
import type { Cell, ConvState } from './state';
import { OWNER, STRINGS, formatNumber } from './strings';

/** The kernel editor, the stride menu and the padding radios. */
export function showControls(root: HTMLElement, state: ConvState): void {
  showKernel(root, state);
  part<HTMLSelectElement>(root, 'stride', OWNER).value = String(state.stride);
  root.querySelectorAll<HTMLInputElement>('input[data-role="padding"]').forEach((radio) => {
    radio.checked = radio.value === state.padding;
  });
}

export function drawInput(root: HTMLElement, grid: Grid): void {
  drawMap(part<HTMLCanvasElement>(root, 'input', OWNER), grid, 'gray', { min: 0, max: 255 });
  text(root, 'input-size', STRINGS.inputSize(grid.width), OWNER);
}

/** Share of output pixels the colour scale spans; the most extreme rest are drawn at full colour. */
const SCALE_SHARE = 0.98;

/** The value below which `share` of the sorted values lie. */
export function quantile(values: ArrayLike<number>, share: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/**
 * The output map: grey from its low to its high end, or diverging around 0 for zero-sum (edge) kernels. The scale
 * spans 98 % of the pixels, so that one extreme edge (the border of a scan) does not wash out all the others.
 */
export function drawOutput(root: HTMLElement, output: Grid, kernel: Kernel): void {
  const diverging = isZeroSum(kernel);
  const full = rangeOf(output);
  const tail = (1 - SCALE_SHARE) / 2;
  const reach = diverging ? quantile(Array.from(output.values, Math.abs), SCALE_SHARE) : 0;
  const scale = diverging
    ? { min: -reach, max: reach }
    : { min: quantile(output.values, tail), max: quantile(output.values, 1 - tail) };
  drawMap(
    part<HTMLCanvasElement>(root, 'output', OWNER),
    output,
    diverging ? 'diverging' : 'gray',
    scale.max > scale.min ? scale : full,
  );
  text(root, 'output-size', STRINGS.outputSize(output.width, output.height), OWNER);
  text(
    root,
    'legend',
    diverging
      ? STRINGS.divergingLegend(formatNumber(scale.max), formatNumber(full.min), formatNumber(full.max))
      : STRINGS.grayLegend(
          formatNumber(scale.min),
          formatNumber(scale.max),
          formatNumber(full.min),
          formatNumber(full.max),
        ),
    OWNER,
  );
}

/** The size arithmetic for one side (scans are square), with the padding TensorFlow adds. */
export function showSizeFormula(root: HTMLElement, n: number, state: ConvState): void {
  const k = state.kernel.size;
  const { before, after } = paddingFor(n, k, state.stride, state.padding);
  text(
    root,
    'size-formula',
    STRINGS.size(n, k, state.stride, state.padding, before, after, outputSize(n, k, state.stride, state.padding)),
    OWNER,
  );
}

/** Outlines the chosen output pixel and the input patch it reads. */
export function showCursor(root: HTMLElement, cell: Cell, input: Grid, output: Grid, state: ConvState): void {
  const k = state.kernel.size;
  placeMarker(
    part(root, 'cursor-box', OWNER),
    { top: cell.row, left: cell.col, height: 1, width: 1 },
    output.width,
    output.height,
  );
  const top = cell.row * state.stride - paddingFor(input.height, k, state.stride, state.padding).before;
  const left = cell.col * state.stride - paddingFor(input.width, k, state.stride, state.padding).before;
  placeMarker(part(root, 'patch-box', OWNER), { top, left, height: k, width: k }, input.width, input.height);
}
