/**
 * The shift experiment, on the widget scaffold: the shipped head's backbone for the scan's task, the preview frames,
 * the yardstick (other gallery scans), then the drift curve one shift at a time with a progress bar. Direction and
 * fill change the curve (a render); the previewed shift only draws what the render computed (no tfjs).
 */
import type { Classifier } from '../../lib/model/core/classifier';
import { outputShapeOf, findLayer } from '../../lib/model/core/backbone';
import type { Grid } from '../../lib/model/core/grid';
import { firstStageLayer } from '../../lib/model/core/probe';
import { TASKS, type TaskId } from '../../lib/model/core/tasks';
import { taskForDataset } from '../../lib/gallery-pick';
import {
  driftCurve,
  type DriftOptions,
  type DriftPoint,
  type ShiftDirection,
  type ShiftFill,
} from '../../lib/model/lessons/shift';
import { pageClassifier } from '../../lib/view/model-store';
import type { ScanSelection } from '../../lib/view/scan-picker';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { OTHER_SCANS, previewFrames, yardstickFor } from './experiment';
import {
  drawChart,
  drawFrame,
  fillTable,
  nameLayers,
  showControls,
  showReadout,
  showYardstick,
  type Plot,
  type Yardstick,
} from './render';
import { MAX_SHIFT, curveKey, shiftUrlState, withAt, withDirection, withFill, type ShiftState } from './state';
import { STRINGS } from './strings';

/** A curve for one key (scan, task, direction, fill): growing while it is measured, `done` once complete. */
interface Curve {
  key: string;
  task: TaskId;
  options: DriftOptions;
  points: DriftPoint[];
  yard: Yardstick | null;
  done: boolean;
}

/** What the widget keeps: Plot, the preview frames and the curve of the current key, and the yardsticks (numbers). */
interface Loaded {
  Plot: Plot;
  frames: { key: string; grids: Grid[] } | null;
  curve: Curve | null;
  yardsticks: Map<string, Promise<Yardstick | null>>;
}

/** What tests and benches read from `data-result`. */
export interface ShiftExperimentResult {
  scan: string;
  task: TaskId;
  earlyLayer: string;
  pooledLayer: string;
  direction: ShiftDirection;
  fill: ShiftFill;
  /** The previewed shift (px). */
  at: number;
  yardstick: Yardstick | null;
  curve: DriftPoint[];
}

type Ctx = WidgetContext<ShiftState, ShiftExperimentResult>;

export const shiftExperiment = defineWidget<ShiftState, Loaded, ShiftExperimentResult>({
  name: 'shift experiment',
  state: shiftUrlState,
  strings: { loading: STRINGS.loading, chooseImage: STRINGS.chooseImage },
  scan: {},
  load: async () => ({ Plot: await import('@observablehq/plot'), frames: null, curve: null, yardsticks: new Map() }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: bindControls,
  onScan: (ctx, selection) => ctx.text('caption', selection.caption),
  render: experiment,
});

/** The task whose head reads the scan: the scan's dataset decides; the reader's own image goes to chest X-rays. */
function taskOf(selection: ScanSelection): TaskId {
  return taskForDataset(selection.scan?.dataset ?? TASKS.cxr.dataset);
}

function keyOf(ctx: Ctx): string | null {
  return ctx.scan ? curveKey(ctx.scan.id, taskOf(ctx.scan), ctx.state) : null;
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

async function experiment(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<ShiftExperimentResult | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const task = taskOf(selection);
  const key = curveKey(selection.id, task, ctx.state);
  if (loaded.curve?.key === key && loaded.curve.done) return inspect(ctx, loaded);
  ctx.chrome.set('busy', STRINGS.loadingModel(TASKS[task].title));
  ctx.chrome.showProgress(null);
  const classifier = await pageClassifier(ctx.runtime, task);
  if (signal.aborted) return null;
  const options = driftOptions(ctx.state, classifier);
  const layer = (name: string) => ({ name, shape: outputShapeOf(findLayer(classifier.backbone, name)) });
  nameLayers(ctx.root, layer(options.earlyLayer), layer(options.pooledLayer));
  const step = async (): Promise<boolean> => {
    await ctx.whenVisible();
    return !signal.aborted;
  };
  if (loaded.frames?.key !== key) {
    ctx.chrome.set('busy', STRINGS.previewing);
    const grids = await previewFrames(ctx.runtime, selection.image, ctx.state, options.spec, step);
    if (!grids) return null;
    loaded.frames = { key, grids };
  }
  const curve: Curve = { key, task, options, points: [], yard: null, done: false };
  loaded.curve = curve;
  inspect(ctx, loaded);
  return measure(ctx, loaded, curve, classifier, signal);
}

/** The yardstick, then the curve one shift at a time (the chart grows); the result once every shift is measured. */
async function measure(
  ctx: Ctx,
  loaded: Loaded,
  curve: Curve,
  classifier: Classifier,
  signal: AbortSignal,
): Promise<ShiftExperimentResult | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const started = performance.now();
  ctx.chrome.set('busy', STRINGS.yardstick(OTHER_SCANS));
  const yardsticks = loaded.yardsticks;
  curve.yard = await yardstickFor(ctx.runtime, yardsticks, selection, curve.task, classifier.backbone, curve.options);
  if (signal.aborted) return null;
  showYardstick(ctx.root, curve.yard);
  const total = MAX_SHIFT + 1;
  ctx.chrome.set('busy', STRINGS.shifting(0, total));
  const onPoint = (points: readonly DriftPoint[]): Promise<void> => {
    if (signal.aborted) return Promise.resolve();
    curve.points = [...points];
    ctx.chrome.set('busy', STRINGS.shifting(points.length, total));
    ctx.chrome.showProgress(points.length / total);
    inspect(ctx, loaded);
    // Offscreen, the curve waits between shifts until the reader scrolls back.
    return ctx.whenVisible();
  };
  const { tf } = ctx.runtime;
  const points = await driftCurve(tf, classifier.backbone, selection.image, curve.options, onPoint, signal);
  if (signal.aborted) return null;
  curve.points = points;
  curve.done = true;
  fillTable(ctx.root, points, curve.yard);
  ctx.chrome.set('ready', STRINGS.ready(points.length, performance.now() - started, ctx.runtime.backend));
  return inspect(ctx, loaded);
}

/**
 * Draws what is computed for the current view (the frame at the previewed shift, the curve so far, the readout)
 * without running anything; returns the result once the curve is complete.
 */
function inspect(ctx: Ctx, loaded: Loaded): ShiftExperimentResult | null {
  const key = keyOf(ctx);
  const { state } = ctx;
  const frames = loaded.frames?.key === key ? loaded.frames.grids : null;
  drawFrame(ctx.root, frames?.[state.at] ?? null, state);
  const curve = loaded.curve?.key === key ? loaded.curve : null;
  if (!curve || !ctx.scan) return null;
  if (curve.points.length > 0) drawChart(loaded.Plot, ctx.root, curve.points, curve.yard, state.at);
  showReadout(ctx.root, curve.points, curve.yard, state);
  if (!curve.done) return null;
  return {
    scan: ctx.scan.id,
    task: curve.task,
    earlyLayer: curve.options.earlyLayer,
    pooledLayer: curve.options.pooledLayer,
    direction: curve.options.direction,
    fill: curve.options.fill,
    at: state.at,
    yardstick: curve.yard,
    curve: curve.points,
  };
}

/** Direction and fill ask for a render; the slider moves the preview over what the render computed. */
function bindControls(ctx: Ctx, current: () => Loaded): void {
  const direction = ctx.part<HTMLSelectElement>('direction');
  const fill = ctx.part<HTMLSelectElement>('fill');
  const at = ctx.part<HTMLInputElement>('at');
  ctx.listen(direction, 'change', () => ctx.setState((state) => withDirection(state, direction.value)));
  ctx.listen(fill, 'change', () => ctx.setState((state) => withFill(state, fill.value)));
  ctx.listen(at, 'input', () => {
    ctx.setState((state) => withAt(state, Number(at.value)), { render: false });
    showControls(ctx.root, ctx.state);
    const result = inspect(ctx, current());
    if (result) ctx.publish(result);
  });
}
