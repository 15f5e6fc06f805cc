/**
 * The pooling explorer, on the widget scaffold: pooling (tf.maxPool / tf.avgPool) of the chosen scan as the network
 * receives it, recomputed on each change; the inspected cell moves without recomputing.
 */
import type { Grid } from '../../lib/model/core/grid';
import { poolGrid, scanGrid, summarise, type PoolOp } from '../../lib/model/lessons/pooling';
import { shippedInput } from '../../lib/shipped-input';
import { cellAt } from '../../lib/view/heatmap';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawGrid, showCell, showControls, showSizes } from './render';
import { STRINGS } from './strings';
import { clampCell, keyMove, poolUrlState, withGeometry, type PoolState } from './state';

/** The shipped heads' input (from their meta.json): pooling acts on the scan exactly as the network receives it. */
const INPUT = shippedInput();

/** What the widget keeps between renders: the scan's grid and the last pooled map. */
interface Loaded {
  scan: { id: string; grid: Grid } | null;
  pooled: Grid | null;
}

/** What tests and benches read from `data-result`. */
export interface PoolingResult {
  scan: string;
  op: PoolOp;
  window: number;
  stride: number;
  size: [number, number];
  sum: number;
  mean: number;
  max: number;
  cell: { row: number; col: number; value: number };
}

type Ctx = WidgetContext<PoolState, PoolingResult>;

export const poolingExplorer = defineWidget<PoolState, Loaded, PoolingResult>({
  name: 'pooling explorer',
  state: poolUrlState(INPUT.size),
  strings: { loading: STRINGS.loading, chooseImage: STRINGS.chooseImage },
  scan: {},
  load: async () => ({ scan: null, pooled: null }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx, current) => {
    bindControls(ctx);
    bindCellPicking(ctx, current);
  },
  onScan: (ctx, selection) => ctx.text('caption', selection.caption),
  render: (ctx, loaded, signal) => pool(ctx, loaded, signal),
});

/** The scan's grid, made once per scan (it is pixels, not tensors, so it outlives nothing it should not). */
function scanOf(ctx: Ctx, loaded: Loaded): { id: string; grid: Grid } | null {
  const selection = ctx.scan;
  if (!selection) return null;
  if (loaded.scan?.id !== selection.id) {
    loaded.scan = { id: selection.id, grid: scanGrid(selection.image, INPUT) };
    drawGrid(ctx.part<HTMLCanvasElement>('before'), loaded.scan.grid);
  }
  return loaded.scan;
}

async function pool(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<PoolingResult | null> {
  const scan = scanOf(ctx, loaded);
  if (!scan) return null;
  const { op, window, stride } = ctx.state;
  ctx.chrome.set('busy', STRINGS.pooling);
  const started = performance.now();
  const pooled = await poolGrid(ctx.runtime.tf, scan.grid, op, window, stride);
  if (signal.aborted) return null;
  const ms = performance.now() - started;
  loaded.pooled = pooled;
  ctx.setState(clampCell(ctx.state, pooled.width), { render: false });
  drawGrid(ctx.part<HTMLCanvasElement>('after'), pooled);
  showSizes(ctx.root, scan.grid, pooled);
  ctx.chrome.set('ready', STRINGS.ready(op, window, stride, pooled.height, pooled.width, ms));
  return inspect(ctx, loaded);
}

/** Shows the inspected cell and returns the result to publish. */
function inspect(ctx: Ctx, loaded: Loaded): PoolingResult | null {
  const { scan, pooled } = loaded;
  if (!scan || !pooled) return null;
  const state = ctx.state;
  const value = showCell(ctx.root, state, scan.grid, pooled);
  const { sum, mean, max } = summarise(pooled);
  return {
    scan: scan.id,
    op: state.op,
    window: state.window,
    stride: state.stride,
    size: [pooled.height, pooled.width],
    sum,
    mean,
    max,
    cell: { row: state.row, col: state.col, value },
  };
}

function bindControls(ctx: Ctx): void {
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="op"]')) {
    ctx.listen(radio, 'change', () => {
      if (radio.checked) ctx.setState((s) => ({ ...s, op: radio.value as PoolOp }));
    });
  }
  const windowInput = ctx.part<HTMLInputElement>('window');
  const strideInput = ctx.part<HTMLInputElement>('stride');
  const onGeometry = (): void => {
    ctx.setState((s) => withGeometry(s, Number(windowInput.value), Number(strideInput.value), INPUT.size));
    showControls(ctx.root, ctx.state);
  };
  ctx.listen(windowInput, 'input', onGeometry);
  ctx.listen(strideInput, 'input', onGeometry);
}

/** Pointer (mouse, pen, touch) and keyboard choose the inspected output cell; no recomputation is needed. */
function bindCellPicking(ctx: Ctx, current: () => Loaded): void {
  const canvas = ctx.part<HTMLCanvasElement>('after');
  const moveTo = (next: PoolState): void => {
    ctx.setState(next, { render: false });
    const result = inspect(ctx, current());
    if (result) ctx.publish(result);
  };
  const pick = (event: Event): void => {
    const cell = cellAt(canvas, event as PointerEvent);
    const pooled = current().pooled;
    if (cell && pooled) moveTo(clampCell({ ...ctx.state, row: cell.row, col: cell.col }, pooled.width));
  };
  ctx.listen(canvas, 'pointermove', pick);
  ctx.listen(canvas, 'pointerdown', (event) => {
    canvas.focus();
    pick(event);
  });
  ctx.listen(canvas, 'keydown', (event) => {
    const pooled = current().pooled;
    const key = event as KeyboardEvent;
    const next = pooled ? keyMove(ctx.state, key.key, key.shiftKey, pooled.width) : null;
    if (!next) return;
    event.preventDefault();
    moveTo(next);
  });
}
