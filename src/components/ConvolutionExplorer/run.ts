/**
 * The convolution explorer, on the widget scaffold: the chosen scan becomes a grey 0–255 tensor (kept while the scan
 * is shown), every change of kernel, stride or padding runs tf.conv2d on it in a render, and the output pixel under
 * the pointer or keyboard cursor is explained term by term from the same numbers, without recomputing.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Grid } from '../../lib/model/core/grid';
import {
  convolveGray,
  gridTensor,
  patchAt,
  scanToGray,
  summariseMap,
  type MapSummary,
  type Padding,
} from '../../lib/model/lessons/convolution';
import type { Kernel } from '../../lib/model/lessons/kernels';
import { cellAt } from '../../lib/view/heatmap';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { showDetail } from './detail';
import { USE_KERNEL_EVENT, type UseKernelDetail } from './events';
import { readKernelEdit } from './kernel-editor';
import { drawInput, drawOutput, showControls, showCursor, showSizeFormula } from './render';
import {
  clampCell,
  convUrlState,
  keyMove,
  withChoice,
  withKernel,
  withPadding,
  withStride,
  type Cell,
  type ConvState,
  type KernelChoice,
} from './state';
import { OWNER, STRINGS } from './strings';

/** What the widget keeps: the scan as a grey grid and tensor, the last output and the inspected pixel. */
interface Loaded {
  scan: { id: string; grid: Grid; tensor: tfc.Tensor3D } | null;
  /** The output shown and the state it was computed with. */
  shown: { output: Grid; state: ConvState } | null;
  cursor: Cell | null;
}

/** What tests and benches read from `data-result`. */
export interface ConvolutionResult extends MapSummary {
  scan: string;
  choice: KernelChoice;
  kernel: Kernel;
  stride: number;
  padding: Padding;
}

type Ctx = WidgetContext<ConvState, ConvolutionResult>;

export const convolutionExplorer = defineWidget<ConvState, Loaded, ConvolutionResult>({
  name: OWNER,
  state: convUrlState,
  strings: { loading: STRINGS.loading, chooseImage: STRINGS.noScan },
  scan: {},
  load: async () => ({ scan: null, shown: null, cursor: null }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx, current) => {
    bindControls(ctx);
    bindCursor(ctx, current);
  },
  onScan: (ctx, selection) => ctx.text('caption', selection.caption),
  render: (ctx, loaded, signal) => convolve(ctx, loaded, signal),
  dispose: (loaded) => disposeScan(loaded),
});

/** Frees the scan's tensor; on a lost WebGL context that may fail, and the browser has freed it already. */
function disposeScan(loaded: Loaded): void {
  try {
    loaded.scan?.tensor.dispose();
  } catch {
    // The tensor's backend is gone with its context.
  }
  loaded.scan = null;
}

/** The chosen scan's grid and tensor on the current runtime, made once per scan (and again after a reset). */
function scanOf(ctx: Ctx, loaded: Loaded): NonNullable<Loaded['scan']> | null {
  const selection = ctx.scan;
  if (!selection) return null;
  if (loaded.scan?.id !== selection.id) {
    disposeScan(loaded);
    const grid = scanToGray(selection.image, Number(ctx.root.dataset.size));
    loaded.scan = { id: selection.id, grid, tensor: gridTensor(ctx.runtime.tf, grid) };
    drawInput(ctx.root, grid);
  }
  return loaded.scan;
}

async function convolve(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<ConvolutionResult | null> {
  const scan = scanOf(ctx, loaded);
  if (!scan) return null;
  const state = ctx.state;
  ctx.chrome.set('busy', STRINGS.computing);
  const started = performance.now();
  const out = convolveGray(ctx.runtime.tf, scan.tensor, state.kernel, state.stride, state.padding);
  const [height = 0, width = 0] = out.shape;
  let values: Float32Array;
  try {
    values = (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
  if (signal.aborted) return null;
  const ms = performance.now() - started;
  const output = { width, height, values };
  loaded.shown = { output, state };
  drawOutput(ctx.root, output, state.kernel);
  showSizeFormula(ctx.root, scan.grid.width, state);
  inspect(ctx, loaded);
  ctx.chrome.set('ready', STRINGS.ready(ctx.runtime.backend, STRINGS.ms(ms), width, height));
  const { choice, kernel, stride, padding } = state;
  return { scan: scan.id, choice, kernel, stride, padding, ...summariseMap(output) };
}

/** Explains the inspected output pixel of the output shown (no recomputation). */
function inspect(ctx: Ctx, loaded: Loaded): void {
  const { scan, shown } = loaded;
  if (!scan || !shown) return;
  const { output, state } = shown;
  const cell = clampCell(loaded.cursor, output.height, output.width);
  loaded.cursor = cell;
  const detail = patchAt(scan.grid, state.kernel, state.stride, state.padding, cell.row, cell.col);
  const value = output.values[cell.row * output.width + cell.col] ?? Number.NaN;
  showDetail(ctx.root, detail, state.kernel.size, cell.row, cell.col, value);
  showCursor(ctx.root, cell, scan.grid, output, state);
}

/** The state after a control changed; null when the event was not a change of the state. */
function controlUpdate(state: ConvState, target: EventTarget | null): ConvState | null {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return null;
  switch (target.dataset.role) {
    case 'preset':
      return withChoice(state, target.value as KernelChoice);
    case 'weight':
    case 'divisor':
      return target instanceof HTMLInputElement ? readKernelEdit(state, target) : null;
    case 'stride':
      return withStride(state, Number(target.value));
    case 'padding':
      return withPadding(state, target.value);
    default:
      return null;
  }
}

/** Kernel, stride and padding controls, and kernels sent by other widgets: each change is a new state and a render. */
function bindControls(ctx: Ctx): void {
  const apply = (next: ConvState): void => {
    ctx.setState(next);
    showControls(ctx.root, next);
  };
  ctx.listen(ctx.root, 'input', (event) => {
    const next = controlUpdate(ctx.state, event.target);
    if (next && next !== ctx.state) apply(next);
  });
  ctx.listen(window, USE_KERNEL_EVENT, (event) => {
    apply(withKernel(ctx.state, (event as CustomEvent<UseKernelDetail>).detail.kernel));
    ctx.root.scrollIntoView({ block: 'start' });
  });
}

/** Mouse hover, a tap or a click, and the keyboard choose the output pixel explained. */
function bindCursor(ctx: Ctx, current: () => Loaded): void {
  const frame = ctx.part('output-frame');
  const canvas = ctx.part<HTMLCanvasElement>('output');
  const moveTo = (cell: Cell): void => {
    current().cursor = cell;
    inspect(ctx, current());
  };
  const pick = (event: Event): void => {
    const cell = cellAt(canvas, event as PointerEvent);
    if (cell) moveTo(cell);
  };
  ctx.listen(frame, 'pointermove', (event) => {
    if ((event as PointerEvent).pointerType === 'mouse') pick(event);
  });
  ctx.listen(frame, 'pointerdown', pick);
  ctx.listen(frame, 'focus', () => inspect(ctx, current()));
  ctx.listen(frame, 'keydown', (event) => {
    const output = current().shown?.output;
    const next = output ? keyMove(current().cursor, (event as KeyboardEvent).key, output.height, output.width) : null;
    if (!next) return;
    event.preventDefault();
    moveTo(next);
  });
}
