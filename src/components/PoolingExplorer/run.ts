/**
 * The pooling explorer, on the widget scaffold: pooling (tf.maxPool / tf.avgPool) of the chosen scan as the network
 * receives it, recomputed on each change; the inspected cell moves without recomputing.
 */
import type { Grid } from '../../lib/model/core/grid';
import { edgeMap, poolGrid, scanGrid, summarise, type PoolOp, type PoolSource } from '../../lib/model/lessons/pooling';
import { shippedInput } from '../../lib/shipped-input';
import { cellAt } from '../../lib/view/heatmap';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawGrid, showCell, showControls, showSizes } from './render';
import { STRINGS } from './strings';
import { clampCell, keyMove, poolUrlState, withGeometry, type PoolState } from './state';

/** The shipped heads' input (from their meta.json): pooling acts on the scan exactly as the network receives it. */
const INPUT = shippedInput();
const PIXEL_RANGE = { min: 0, max: 255 };

/** The map being pooled: the scan's pixels or its edge map, and the grey range both maps are drawn on. */
interface Source {
  id: string;
  source: PoolSource;
  grid: Grid;
  range: { min: number; max: number };
}

/** What the widget keeps between renders: the map being pooled and the last pooled map. */
interface Loaded {
  scan: Source | null;
  pooled: Grid | null;
}

/** What tests and benches read from `data-result`. */
export interface PoolingResult {
  scan: string;
  source: PoolSource;
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

/** The map to pool, made once per scan and source (numbers, not tensors, so it outlives nothing it should not). */
async function sourceOf(ctx: Ctx, loaded: Loaded): Promise<Source | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const source = ctx.state.source;
  if (loaded.scan?.id !== selection.id || loaded.scan.source !== source) {
    const pixels = scanGrid(selection.image, INPUT);
    const grid = source === 'edges' ? await edgeMap(ctx.runtime.tf, pixels) : pixels;
    // Pixels on the fixed 0–255 scale; an edge map from 0 to its own largest value. Pooled maps share the scale.
    const range = source === 'edges' ? { min: 0, max: Math.max(1e-6, summarise(grid).max) } : PIXEL_RANGE;
    loaded.scan = { id: selection.id, source, grid, range };
    drawGrid(ctx.part<HTMLCanvasElement>('before'), grid, range);
  }
  return loaded.scan;
}

async function pool(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<PoolingResult | null> {
  const scan = await sourceOf(ctx, loaded);
  if (!scan || signal.aborted) return null;
  const { op, window, stride } = ctx.state;
  ctx.chrome.set('busy', STRINGS.pooling);
  const started = performance.now();
  const pooled = await poolGrid(ctx.runtime.tf, scan.grid, op, window, stride);
  if (signal.aborted) return null;
  const ms = performance.now() - started;
  loaded.pooled = pooled;
  ctx.setState(clampCell(ctx.state, pooled.width), { render: false });
  drawGrid(ctx.part<HTMLCanvasElement>('after'), pooled, scan.range);
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
    source: scan.source,
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
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="source"]')) {
    ctx.listen(radio, 'change', () => {
      if (radio.checked) ctx.setState((s) => ({ ...s, source: radio.value as PoolSource }));
    });
  }
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
