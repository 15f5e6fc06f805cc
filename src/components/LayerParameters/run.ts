/**
 * The layer-parameters widget's work: builds a real tfjs Conv2D on the full scan and a real Dense layer on a small
 * thumbnail (to check the dense formula against countParams()), then counts the full-size dense layer from its
 * output shape and that formula (building it would allocate hundreds of megabytes).
 */
import {
  convCount,
  denseCount,
  denseFormula,
  float32Bytes,
  measureDense,
  type ImageShape,
} from '../../lib/model/lessons/parameters';
import type { Runtime } from '../../lib/model/core/runtime';
import { latestRunner } from '../../lib/view/latest-runner';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { parseState, withCount, withKernel, writeState, type LayerParametersState } from './state';
import { STRINGS, formatBytes, formatCount } from './strings';

/** Side of the thumbnail the real Dense layer is built on: small enough to allocate, large enough to be a test. */
const CHECK_SIDE = 16;
const CHANNELS = 3;

interface Row {
  params: number;
  reads: number;
  outputs: number;
}

const ROWS = ['dense', 'dense-map', 'unshared', 'conv'] as const;

interface Counts extends Record<(typeof ROWS)[number], Row> {
  convShape: readonly number[];
  measuredDense: number;
  checkInputs: number;
}

function countAll(runtime: Runtime, shape: ImageShape, state: LayerParametersState): Counts {
  const conv = convCount(runtime.tf, shape, state.count, state.kernel);
  const outputs = conv.outputShape.reduce((a, b) => a * b, 1);
  const dense = denseCount(runtime.tf, shape, state.count);
  const denseMap = denseCount(runtime.tf, shape, outputs);
  const checkShape: ImageShape = [CHECK_SIDE, CHECK_SIDE, CHANNELS];
  return {
    dense: { params: dense.params, reads: dense.connectionsPerOutput, outputs: dense.units },
    'dense-map': { params: denseMap.params, reads: denseMap.connectionsPerOutput, outputs },
    unshared: { params: conv.unsharedParams, reads: conv.connectionsPerOutput, outputs },
    conv: { params: conv.params, reads: conv.connectionsPerOutput, outputs },
    convShape: conv.outputShape,
    measuredDense: measureDense(runtime.tf, checkShape, state.count),
    checkInputs: CHECK_SIDE * CHECK_SIDE * CHANNELS,
  };
}

function setText(root: ParentNode, selector: string, text: string): void {
  const element = root.querySelector(selector);
  if (element) element.textContent = text;
}

function show(root: HTMLElement, counts: Counts, state: LayerParametersState): void {
  const largest = Math.log10(Math.max(...ROWS.map((id) => counts[id].params), 10));
  for (const id of ROWS) {
    const row = root.querySelector<HTMLElement>(`li[data-row="${id}"]`);
    if (!row) continue;
    const { params, reads, outputs } = counts[id];
    setText(row, '[data-role="params"]', formatCount(params));
    setText(row, '[data-role="bytes"]', formatBytes(float32Bytes(params)));
    setText(row, '[data-role="reads"]', formatCount(reads));
    setText(row, '[data-role="outputs"]', formatCount(outputs));
    const bar = row.querySelector<HTMLElement>('[data-role="bar"]');
    if (bar) bar.style.width = `${Math.max(2, (100 * Math.log10(Math.max(params, 1))) / largest)}%`;
  }
  const n = formatCount(state.count);
  setText(
    root,
    '[data-role="conv-check"]',
    STRINGS.convCheck(state.kernel, CHANNELS, n, formatCount(counts.conv.params), STRINGS.shape(counts.convShape)),
  );
  setText(
    root,
    '[data-role="dense-check"]',
    STRINGS.denseCheck(CHECK_SIDE, CHANNELS, n, formatCount(counts.measuredDense), formatCount(counts.checkInputs)),
  );
}

interface Session {
  runtime: Runtime;
  shape: ImageShape;
  state: LayerParametersState;
}

function compute(root: HTMLElement, chrome: WidgetChrome, session: Session): Promise<void> {
  const { runtime, shape, state } = session;
  chrome.set('busy', STRINGS.building);
  const started = performance.now();
  const counts = countAll(runtime, shape, state);
  const expected = denseFormula(counts.checkInputs, state.count);
  if (counts.measuredDense !== expected) throw new Error(STRINGS.mismatch(counts.measuredDense, expected));
  show(root, counts, state);
  const ms = performance.now() - started;
  root.dataset.result = JSON.stringify({
    ...state,
    dense: counts.dense.params,
    denseMap: counts['dense-map'].params,
    unshared: counts.unshared.params,
    conv: counts.conv.params,
    convShape: counts.convShape,
    measuredDense: counts.measuredDense,
  });
  root.dataset.lastMs = ms.toFixed(2);
  chrome.set(
    'ready',
    STRINGS.ready(
      formatCount(state.count),
      STRINGS.ratio(counts.dense.params / counts.conv.params),
      runtime.backend,
      STRINGS.ms(ms),
    ),
  );
  return Promise.resolve();
}

function showControls(root: HTMLElement, state: LayerParametersState, side: number): void {
  const slider = root.querySelector<HTMLInputElement>('input[data-role="count"]');
  const select = root.querySelector<HTMLSelectElement>('select[data-role="kernel"]');
  if (slider) slider.value = String(state.count);
  if (select) select.value = String(state.kernel);
  setText(root, '[data-role="count-value"]', formatCount(state.count));
  setText(root, '[data-role="inputs"]', formatCount(side * side * CHANNELS));
}

function updated(state: LayerParametersState, target: EventTarget | null): LayerParametersState {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return state;
  if (target.dataset.role === 'count') return withCount(state, Number(target.value));
  if (target.dataset.role === 'kernel') return withKernel(state, Number(target.value));
  return state;
}

export async function runLayerParameters(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const side = Number(root.dataset.size);
  const state = parseState(currentParams());
  showControls(root, state, side);
  const runtime = await startRuntime(chrome, STRINGS.loading);
  if (!runtime) return;
  const session: Session = { runtime, shape: [side, side, CHANNELS], state };
  const request = latestRunner(
    () => compute(root, chrome, session),
    (error) => chrome.fail(error),
  );
  root.addEventListener('input', (event) => {
    const next = updated(session.state, event.target);
    if (next === session.state) return;
    session.state = next;
    setText(root, '[data-role="count-value"]', formatCount(next.count));
    updateParams((params) => writeState(next, params));
    request();
  });
  afterRuntimeReset(
    chrome,
    (next) => {
      session.runtime = next;
    },
    request,
  );
  request();
}
