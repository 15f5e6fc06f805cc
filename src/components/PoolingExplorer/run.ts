/** The pooling explorer's work, loaded lazily: the page's tfjs runtime, the scan picker, and pooling on each change. */
import { backboneInfo } from '../../lib/model/core/backbone';
import { poolGrid, scanGrid, summarise, type Grid, type PoolOp } from '../../lib/model/lessons/pooling';
import type { Runtime } from '../../lib/model/core/runtime';
import { cellAt } from '../../lib/view/heatmap';
import { latestRunner } from '../../lib/view/latest-runner';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { drawGrid, part, showCell, showControls, showSizes } from './render';
import { STRINGS } from './strings';
import { clampCell, keyMove, parsePoolState, withGeometry, writePoolState, type PoolState } from './state';

/** The network's input size: pooling acts on the scan exactly as MobileNet receives it. */
const INPUT = backboneInfo('mobilenet_v1_0.25_224').input;

interface View {
  root: HTMLElement;
  chrome: WidgetChrome;
  runtime: Runtime;
  state: PoolState;
  scan: { id: string; grid: Grid } | null;
  pooled: Grid | null;
}

export async function runPoolingExplorer(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const runtime = await startRuntime(chrome, STRINGS.loading);
  if (!runtime) return;
  const view: View = {
    root,
    chrome,
    runtime,
    state: parsePoolState(currentParams(), INPUT.size),
    scan: null,
    pooled: null,
  };
  showControls(root, view.state);
  const recompute = latestRunner(
    () => pool(view),
    (error) => chrome.fail(error),
  );
  afterRuntimeReset(
    chrome,
    (next) => {
      view.runtime = next;
    },
    recompute,
  );
  bindControls(view, recompute);
  bindCellPicking(view);
  const picker = root.querySelector<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      useScan(view, selection);
      recompute();
    },
  });
  if (!view.scan) chrome.set('ready', STRINGS.chooseImage);
}

function useScan(view: View, selection: ScanSelection): void {
  const grid = scanGrid(selection.image, INPUT);
  view.scan = { id: selection.id, grid };
  drawGrid(part<HTMLCanvasElement>(view.root, 'before'), grid);
  part(view.root, 'caption').textContent = selection.caption;
}

async function pool(view: View): Promise<void> {
  const scan = view.scan;
  if (!scan) return;
  const { op, window, stride } = view.state;
  view.chrome.set('busy', STRINGS.pooling);
  const started = performance.now();
  const pooled = await poolGrid(view.runtime.tf, scan.grid, op, window, stride);
  const ms = performance.now() - started;
  view.pooled = pooled;
  view.state = clampCell(view.state, pooled.width);
  drawGrid(part<HTMLCanvasElement>(view.root, 'after'), pooled);
  showSizes(view.root, scan.grid, pooled);
  inspect(view);
  view.root.dataset.lastMs = ms.toFixed(1);
  view.chrome.set('ready', STRINGS.ready(op, window, stride, pooled.height, pooled.width, ms));
}

/** Shows the inspected cell, publishes the result for tests and benches, and keeps the URL in step. */
function inspect(view: View): void {
  const { scan, pooled, state } = view;
  if (!scan || !pooled) return;
  const value = showCell(view.root, state, scan.grid, pooled);
  const { sum, mean, max } = summarise(pooled);
  view.root.dataset.result = JSON.stringify({
    scan: scan.id,
    op: state.op,
    window: state.window,
    stride: state.stride,
    size: [pooled.height, pooled.width],
    sum,
    mean,
    max,
    cell: { row: state.row, col: state.col, value },
  });
  updateParams((params) => writePoolState(state, params));
}

function bindControls(view: View, recompute: () => void): void {
  const { root } = view;
  const n = INPUT.size;
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="op"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      view.state = { ...view.state, op: radio.value as PoolOp };
      recompute();
    });
  }
  const windowInput = part<HTMLInputElement>(root, 'window');
  const strideInput = part<HTMLInputElement>(root, 'stride');
  const onGeometry = (): void => {
    view.state = withGeometry(view.state, Number(windowInput.value), Number(strideInput.value), n);
    showControls(root, view.state);
    recompute();
  };
  windowInput.addEventListener('input', onGeometry);
  strideInput.addEventListener('input', onGeometry);
}

/** Pointer (mouse, pen, touch) and keyboard choose the inspected output cell; no recomputation is needed. */
function bindCellPicking(view: View): void {
  const canvas = part<HTMLCanvasElement>(view.root, 'after');
  const pick = (event: PointerEvent): void => {
    const cell = cellAt(canvas, event);
    if (!cell || !view.pooled) return;
    view.state = clampCell({ ...view.state, row: cell.row, col: cell.col }, view.pooled.width);
    inspect(view);
  };
  canvas.addEventListener('pointermove', pick);
  canvas.addEventListener('pointerdown', (event) => {
    canvas.focus();
    pick(event);
  });
  canvas.addEventListener('keydown', (event) => {
    if (!view.pooled) return;
    const next = keyMove(view.state, event.key, event.shiftKey, view.pooled.width);
    if (!next) return;
    event.preventDefault();
    view.state = next;
    inspect(view);
  });
}
