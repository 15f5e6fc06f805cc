/**
 * The shift experiment's work, loaded lazily: the page runtime, the shipped head's backbone and feature layer for the
 * scan's task, the yardstick (other gallery scans), then the drift curve one shift at a time with a progress bar.
 */
import type * as tfc from '@tensorflow/tfjs';
import { otherScans, taskForDataset } from '../../lib/gallery-pick';
import { outputShapeOf, findLayer } from '../../lib/model/core/backbone';
import type { Classifier } from '../../lib/model/core/classifier';
import { toDisplayRange, toInputTensor, type RawImage } from '../../lib/model/core/preprocess';
import type { Runtime } from '../../lib/model/core/runtime';
import {
  driftCurve,
  firstStageLayer,
  otherScanDistance,
  shiftInput,
  type DriftOptions,
  type DriftPoint,
} from '../../lib/model/lessons/shift';
import { drawMap } from '../../lib/view/heatmap';
import { loadGallery, loadScan } from '../../lib/view/image-source';
import { latestRunner } from '../../lib/view/latest-runner';
import { pageClassifier } from '../../lib/view/model-store';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { drawChart, fillTable, part, scaled, type Plot, type Yardstick } from './render';
import { MAX_SHIFT, parseShiftState, writeShiftState, type ShiftState } from './state';
import { STRINGS } from './strings';

/** How many other gallery scans make the yardstick. */
const OTHER_SCANS = 4;

interface View {
  root: HTMLElement;
  chrome: WidgetChrome;
  runtime: Runtime;
  Plot: Plot;
  state: ShiftState;
  selection: ScanSelection | null;
  spec: DriftOptions['spec'] | null;
  points: DriftPoint[];
  yard: Yardstick | null;
  controller: AbortController | null;
}

const yardsticks = new Map<string, Promise<Yardstick | null>>();

export async function runShiftExperiment(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const runtime = await startRuntime(chrome, STRINGS.loading);
  if (!runtime) return;
  let Plot: Plot;
  try {
    Plot = await import('@observablehq/plot');
  } catch (error) {
    chrome.fail(error);
    return;
  }
  const view: View = {
    root,
    chrome,
    runtime,
    Plot,
    state: parseShiftState(currentParams()),
    selection: null,
    spec: null,
    points: [],
    yard: null,
    controller: null,
  };
  showControls(view);
  const recompute = latestRunner(
    () => experiment(view),
    (error) => chrome.fail(error),
  );
  const request = (): void => {
    view.controller?.abort();
    recompute();
  };
  afterRuntimeReset(
    chrome,
    (next) => {
      view.runtime = next;
    },
    request,
  );
  bindControls(view, request);
  const picker = root.querySelector<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      view.selection = selection;
      part(root, 'caption').textContent = selection.caption;
      request();
    },
  });
  if (!view.selection) chrome.set('ready', STRINGS.chooseImage);
}

async function experiment(view: View): Promise<void> {
  const selection = view.selection;
  if (!selection) return;
  const controller = new AbortController();
  view.controller = controller;
  const { tf } = view.runtime;
  view.chrome.set('busy', STRINGS.loading);
  view.chrome.showProgress(null);
  const classifier = await pageClassifier(view.runtime, taskForDataset(selection.scan?.dataset ?? 'cxr'));
  const options = driftOptions(view.state, classifier);
  view.spec = options.spec;
  nameLayers(view.root, classifier.backbone, options);
  const started = performance.now();
  await preview(view);
  view.yard = await yardstickFor(view, selection, classifier.backbone, options);
  view.chrome.set('busy', STRINGS.shifting(0, MAX_SHIFT + 1));
  const points = await driftCurve(
    tf,
    classifier.backbone,
    selection.image,
    options,
    (so) => {
      view.points = [...so];
      view.chrome.set('busy', STRINGS.shifting(so.length, MAX_SHIFT + 1));
      view.chrome.showProgress(so.length / (MAX_SHIFT + 1));
      drawChart(view.Plot, part(view.root, 'plot'), view.points, view.yard, view.state.at);
    },
    controller.signal,
  );
  if (controller.signal.aborted) return;
  const ms = performance.now() - started;
  view.points = points;
  fillTable(part(view.root, 'rows'), points, view.yard);
  showReadout(view);
  view.root.dataset.lastMs = ms.toFixed(1);
  view.root.dataset.result = JSON.stringify({
    scan: selection.id,
    task: classifier.meta.task,
    earlyLayer: options.earlyLayer,
    pooledLayer: options.pooledLayer,
    direction: options.direction,
    fill: options.fill,
    yardstick: view.yard,
    curve: points,
  });
  view.chrome.set('ready', STRINGS.ready(points.length, ms, view.runtime.backend));
}

function driftOptions(state: ShiftState, classifier: Classifier): DriftOptions {
  return {
    direction: state.direction,
    fill: state.fill,
    maxShift: MAX_SHIFT,
    earlyLayer: firstStageLayer(classifier.backbone).name,
    pooledLayer: classifier.meta.feature.layer,
    spec: classifier.meta.input,
  };
}

function nameLayers(root: HTMLElement, model: tfc.LayersModel, options: DriftOptions): void {
  part(root, 'early-name').textContent = STRINGS.earlyName(
    options.earlyLayer,
    outputShapeOf(findLayer(model, options.earlyLayer)),
  );
  part(root, 'pooled-name').textContent = STRINGS.pooledName(
    options.pooledLayer,
    outputShapeOf(findLayer(model, options.pooledLayer)),
  );
}

/** The yardstick for a scan (other gallery scans of its dataset), computed once per scan and layers. */
function yardstickFor(
  view: View,
  selection: ScanSelection,
  model: tfc.LayersModel,
  options: DriftOptions,
): Promise<Yardstick | null> {
  const dataset = selection.scan?.dataset ?? 'cxr';
  const key = `${view.runtime.backend}|${selection.id}|${options.earlyLayer}|${options.pooledLayer}`;
  let yard = yardsticks.get(key);
  if (!yard) {
    view.chrome.set('busy', STRINGS.yardstick(OTHER_SCANS));
    yard = (async () => {
      const gallery = await loadGallery().catch(() => null);
      if (!gallery) return null;
      const others: RawImage[] = await Promise.all(
        otherScans(gallery.scans, dataset, selection.id, OTHER_SCANS).map(loadScan),
      );
      if (others.length === 0) return null;
      const distance = await otherScanDistance(view.runtime.tf, model, selection.image, others, options);
      return { ...distance, n: others.length };
    })();
    yard.catch(() => yardsticks.delete(key));
    yardsticks.set(key, yard);
  }
  return yard.then((value) => {
    part(view.root, 'yardstick').textContent = value
      ? STRINGS.yardstickNote(value.n, value.early, value.pooled)
      : STRINGS.noYardstick;
    return value;
  });
}

/** Draws the scan shifted by the previewed amount, exactly as the network receives it. */
async function preview(view: View): Promise<void> {
  const { selection, spec, state } = view;
  if (!selection || !spec) return;
  const { tf } = view.runtime;
  const started = performance.now();
  const pixels = tf.tidy(() => {
    const shifted = shiftInput(
      tf,
      toInputTensor(tf, selection.image, spec),
      state.at,
      state.direction,
      state.fill,
      spec.offset,
    );
    return toDisplayRange(tf, shifted, spec).slice([0, 0, 0, 0], [1, -1, -1, 1]);
  });
  const values = (await pixels.data()) as Float32Array;
  pixels.dispose();
  const canvas = part<HTMLCanvasElement>(view.root, 'preview');
  drawMap(canvas, { width: spec.size, height: spec.size, values }, 'gray', { min: 0, max: 255 });
  canvas.setAttribute('aria-label', STRINGS.previewAria(state.at, state.direction));
  view.root.dataset.lastMs = (performance.now() - started).toFixed(1);
}

function showReadout(view: View): void {
  const point = view.points[view.state.at];
  const readout = part(view.root, 'readout');
  if (!point) {
    readout.textContent = '';
    return;
  }
  const ratio = scaled([point], view.yard)[0];
  readout.textContent = STRINGS.readout(
    point.shift,
    view.state.direction,
    point.early,
    point.pooled,
    view.yard ? (ratio?.early ?? null) : null,
    view.yard ? (ratio?.pooled ?? null) : null,
  );
}

function showControls(view: View): void {
  const { root, state } = view;
  part<HTMLSelectElement>(root, 'direction').value = state.direction;
  part<HTMLSelectElement>(root, 'fill').value = state.fill;
  part<HTMLInputElement>(root, 'at').value = String(state.at);
  part(root, 'at-out').textContent = `${state.at} px`;
}

function bindControls(view: View, request: () => void): void {
  const { root } = view;
  const direction = part<HTMLSelectElement>(root, 'direction');
  const fill = part<HTMLSelectElement>(root, 'fill');
  const at = part<HTMLInputElement>(root, 'at');
  const onCurve = (): void => {
    view.state = {
      ...view.state,
      direction: direction.value as ShiftState['direction'],
      fill: fill.value as ShiftState['fill'],
    };
    updateParams((params) => writeShiftState(view.state, params));
    request();
  };
  direction.addEventListener('change', onCurve);
  fill.addEventListener('change', onCurve);
  at.addEventListener('input', () => {
    view.state = { ...view.state, at: Number(at.value) };
    showControls(view);
    updateParams((params) => writeShiftState(view.state, params));
    if (view.points.length > 0) drawChart(view.Plot, part(root, 'plot'), view.points, view.yard, view.state.at);
    showReadout(view);
    void preview(view).catch((error: unknown) => view.chrome.fail(error));
  });
}
