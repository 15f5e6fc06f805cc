/**
 * The convolution explorer's work, loaded lazily: the chosen scan becomes a grey 0–255 tensor (kept while the scan
 * is shown), every change of kernel, stride or padding runs tf.conv2d on it, and the output pixel under the pointer
 * or keyboard cursor is explained term by term from the same numbers.
 */
import type * as tfc from '@tensorflow/tfjs';
import {
  convolveGray,
  gridTensor,
  patchAt,
  scanToGray,
  summariseMap,
  type Grid,
} from '../../lib/model/lessons/convolution';
import type { Runtime } from '../../lib/model/core/runtime';
import { cellAt } from '../../lib/view/heatmap';
import { latestRunner } from '../../lib/view/latest-runner';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { shareScanChoice } from '../../lib/view/scan-sync';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { showDetail } from './detail';
import { readKernelEdit, showKernel } from './kernel-editor';
import { drawInput, drawOutput, part, setText, showCursor, showSizeFormula, type Cell } from './render';
import { USE_KERNEL_EVENT, type UseKernelDetail } from './events';
import {
  parseState,
  withChoice,
  withKernel,
  withPadding,
  withStride,
  writeState,
  type ConvState,
  type KernelChoice,
} from './state';
import { STRINGS } from './strings';

interface Session {
  runtime: Runtime;
  scan: string | null;
  input: Grid | null;
  tensor: tfc.Tensor3D | null;
  output: Grid | null;
  /** The state the shown output was computed with. */
  shown: ConvState | null;
  cursor: Cell | null;
}

/** Arrow keys move one pixel; Page Up / Page Down ten rows; Home / End to the row's ends. */
const KEY_MOVES: Record<string, (cell: Cell, output: Grid) => Cell> = {
  ArrowUp: (c) => ({ ...c, row: c.row - 1 }),
  ArrowDown: (c) => ({ ...c, row: c.row + 1 }),
  ArrowLeft: (c) => ({ ...c, col: c.col - 1 }),
  ArrowRight: (c) => ({ ...c, col: c.col + 1 }),
  PageUp: (c) => ({ ...c, row: c.row - 10 }),
  PageDown: (c) => ({ ...c, row: c.row + 10 }),
  Home: (c) => ({ ...c, col: 0 }),
  End: (c, o) => ({ ...c, col: o.width - 1 }),
};

function clampCell(cell: Cell | null, output: Grid): Cell {
  const c = cell ?? { row: Math.floor(output.height / 2), col: Math.floor(output.width / 2) };
  return { row: Math.min(output.height - 1, Math.max(0, c.row)), col: Math.min(output.width - 1, Math.max(0, c.col)) };
}

function showCell(root: HTMLElement, session: Session): void {
  const { input, output, shown } = session;
  if (!input || !output || !shown) return;
  const cell = clampCell(session.cursor, output);
  session.cursor = cell;
  const detail = patchAt(input, shown.kernel, shown.stride, shown.padding, cell.row, cell.col);
  showDetail(
    root,
    detail,
    shown.kernel.size,
    cell.row,
    cell.col,
    output.values[cell.row * output.width + cell.col] ?? Number.NaN,
  );
  showCursor(root, cell, input, output, shown);
}

async function convolve(root: HTMLElement, session: Session, state: ConvState): Promise<number> {
  const { tensor, input } = session;
  if (!tensor || !input) return 0;
  const started = performance.now();
  const out = convolveGray(session.runtime.tf, tensor, state.kernel, state.stride, state.padding);
  const [height = 0, width = 0] = out.shape;
  const values = (await out.data()) as Float32Array;
  out.dispose();
  session.output = { width, height, values };
  session.shown = state;
  drawOutput(root, session.output, state.kernel);
  showSizeFormula(root, input.width, state);
  showCell(root, session);
  root.dataset.result = JSON.stringify({
    scan: session.scan,
    choice: state.choice,
    kernel: state.kernel,
    stride: state.stride,
    padding: state.padding,
    ...summariseMap(session.output),
  });
  return performance.now() - started;
}

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
    default:
      return target.name === 'cv-padding' ? withPadding(state, target.value) : null;
  }
}

function showControls(root: HTMLElement, state: ConvState): void {
  showKernel(root, state);
  part<HTMLSelectElement>(root, 'stride').value = String(state.stride);
  root.querySelectorAll<HTMLInputElement>('input[name="cv-padding"]').forEach((radio) => {
    radio.checked = radio.value === state.padding;
  });
}

function bindCursor(root: HTMLElement, session: Session): void {
  const frame = part<HTMLElement>(root, 'output-frame');
  const canvas = part<HTMLCanvasElement>(root, 'output');
  const pick = (event: PointerEvent): void => {
    const cell = cellAt(canvas, event);
    if (!cell) return;
    session.cursor = cell;
    showCell(root, session);
  };
  frame.addEventListener('pointermove', (event) => {
    if (event.pointerType === 'mouse') pick(event);
  });
  frame.addEventListener('pointerdown', pick);
  frame.addEventListener('focus', () => showCell(root, session));
  frame.addEventListener('keydown', (event) => {
    const move = KEY_MOVES[event.key];
    if (!move || !session.output) return;
    event.preventDefault();
    session.cursor = clampCell(move(clampCell(session.cursor, session.output), session.output), session.output);
    showCell(root, session);
  });
}

function useScan(session: Session, selection: ScanSelection, size: number): Grid {
  const grid = scanToGray(selection.image, size);
  session.tensor?.dispose();
  session.input = grid;
  session.tensor = gridTensor(session.runtime.tf, grid);
  session.scan = selection.id;
  return grid;
}

async function compute(root: HTMLElement, chrome: WidgetChrome, session: Session, state: ConvState): Promise<void> {
  if (!session.tensor) return chrome.set('ready', STRINGS.noScan);
  chrome.set('busy', STRINGS.computing);
  const ms = await convolve(root, session, state);
  root.dataset.lastMs = ms.toFixed(2);
  chrome.set(
    'ready',
    STRINGS.ready(session.runtime.backend, STRINGS.ms(ms), session.output?.width ?? 0, session.output?.height ?? 0),
  );
}

/** Kernel, stride and padding controls, and kernels sent by other widgets: each change updates state, URL, output. */
function bindControls(
  root: HTMLElement,
  read: () => ConvState,
  write: (state: ConvState) => void,
  request: () => void,
): void {
  const apply = (next: ConvState): void => {
    write(next);
    showControls(root, next);
    updateParams((params) => writeState(next, params));
    request();
  };
  root.addEventListener('input', (event) => {
    const next = controlUpdate(read(), event.target);
    if (next && next !== read()) apply(next);
  });
  window.addEventListener(USE_KERNEL_EVENT, (event) => {
    apply(withKernel(read(), (event as CustomEvent<UseKernelDetail>).detail.kernel));
    root.scrollIntoView({ block: 'start' });
  });
}

export async function runConvolutionExplorer(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const size = Number(root.dataset.size);
  let state = parseState(currentParams());
  showControls(root, state);
  const runtime = await startRuntime(chrome, STRINGS.loading);
  if (!runtime) return;
  const session: Session = { runtime, scan: null, input: null, tensor: null, output: null, shown: null, cursor: null };
  const request = latestRunner(
    () => compute(root, chrome, session, state),
    (error) => chrome.fail(error),
  );
  bindControls(
    root,
    () => state,
    (next) => {
      state = next;
    },
    request,
  );
  bindCursor(root, session);
  afterRuntimeReset(
    chrome,
    (next) => {
      session.runtime = next;
      session.tensor = session.input ? gridTensor(next.tf, session.input) : null;
    },
    request,
  );
  const picker = part<HTMLElement>(root, 'scan-select').closest<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  shareScanChoice(picker);
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      drawInput(root, useScan(session, selection, size));
      setText(root, 'caption', selection.caption);
      request();
    },
  });
  if (!session.tensor) chrome.set('ready', STRINGS.noScan);
}
