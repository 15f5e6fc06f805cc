/**
 * The activation browser, on the widget scaffold: the shipped head for the chosen task (with its backbone), the
 * prediction, the chosen layer's activations, statistics, channels and receptive fields, all from the loaded model.
 * A new task, scan or layer is a render; another channel or position is pure inspection of the map already read.
 */
import { taskForDataset } from '../../lib/gallery-pick';
import type { ActivationStats } from '../../lib/model/core/activations';
import { channelSum } from '../../lib/model/core/grid';
import { preprocessGray } from '../../lib/model/core/preprocess';
import { TASKS, type TaskId } from '../../lib/model/core/tasks';
import type { ScanSelection } from '../../lib/view/scan-picker';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { fillArchTable } from './arch-table';
import { bindInspection } from './interaction';
import { readLayer, shownKey, taskModel, type Shown, type TaskModel } from './network';
import {
  drawScan,
  fillLayerSelect,
  markChosen,
  showField,
  showLayer,
  showNotice,
  showPrediction,
  showTask,
  showZoom,
  type LayerView,
} from './render';
import { cnnUrlState, showingLayer, type CnnState } from './state';
import { STRINGS, dims } from './strings';

/** What the widget keeps; all of it is dropped after a runtime reset (the page store reloads the classifier). */
interface Loaded {
  model: TaskModel | null;
  prediction: { key: string; probabilities: Float32Array } | null;
  shown: Shown | null;
}

/** What tests and benches read from `data-result`. */
export interface InsideCnnResult {
  scan: string;
  task: TaskId;
  layer: string;
  shape: number[];
  stats: ActivationStats;
  channel: number;
  row: number;
  col: number;
  value: number;
  channelSum: number;
  classes: string[];
  probabilities: number[];
  /** The chosen position's field: size and jump in pixels, the share of the scan it covers, whether it is all of it. */
  field: { size: number; jump: number; share: number; whole: boolean } | null;
  dims: string;
}

type Ctx = WidgetContext<CnnState, InsideCnnResult>;

export const insideCnn = defineWidget<CnnState, Loaded, InsideCnnResult>({
  name: 'activation browser',
  state: cnnUrlState,
  strings: { loading: STRINGS.loadingRuntime, chooseImage: STRINGS.chooseImage },
  scan: {},
  load: async () => ({ model: null, prediction: null, shown: null }),
  setup: bindControls,
  sync: (ctx) => {
    if (ctx.state.task) showTask(ctx.root, ctx.state.task);
  },
  onScan,
  render: browse,
});

/** Widgets that have shown their first scan, and whose link's layer has been checked against the model. */
const opened = new WeakSet<HTMLElement>();
const checkedLink = new WeakSet<HTMLElement>();

/** A link's head holds for the scan it opened on; choosing another gallery scan switches to that scan's head. */
function onScan(ctx: Ctx, selection: ScanSelection): void {
  ctx.text('caption', selection.caption);
  const fromLink = !opened.has(ctx.root) && ctx.state.task !== '';
  opened.add(ctx.root);
  if (fromLink || !selection.scan) return;
  const task = taskForDataset(selection.scan.dataset);
  showTask(ctx.root, task);
  ctx.setState((state) => ({ ...state, task }), { render: false });
}

/** Says so when the link asked for a layer the head's network does not have (once, for the link's own layer). */
function checkLinkLayer(ctx: Ctx, model: TaskModel): void {
  if (checkedLink.has(ctx.root)) return;
  checkedLink.add(ctx.root);
  const asked = ctx.state.layer;
  if (asked && !model.layers.includes(asked)) ctx.note(STRINGS.unknownLayer(asked, model.defaultLayer));
}

/** The task of the head select (its options are TASKS ids, written by InsideCnn.astro). */
function chosenTask(ctx: Ctx): TaskId {
  const value = ctx.part<HTMLSelectElement>('task').value;
  return Object.values(TASKS).find((task) => task.id === value)?.id ?? TASKS.cxr.id;
}

async function browse(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<InsideCnnResult | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const started = performance.now();
  const model = await modelFor(ctx, loaded, chosenTask(ctx));
  if (signal.aborted) return null;
  if (!(await predict(ctx, loaded, model, selection, signal))) return null;
  checkLinkLayer(ctx, model);
  const layer = model.layers.includes(ctx.state.layer) ? ctx.state.layer : model.defaultLayer;
  let shown = loaded.shown;
  if (shown?.key !== shownKey(model, selection, layer)) {
    ctx.chrome.set('busy', STRINGS.reading(layer));
    shown = await readLayer(model, selection, layer);
    if (signal.aborted) return null;
  }
  const showing = showingLayer(ctx.state, layer, shown.shape, loaded.shown, shown.liveliest);
  ctx.setState({ ...showing, task: model.task }, { render: false });
  if (loaded.shown !== shown) showLayer(ctx.root, layerView(model, shown), ctx.state.channel);
  else markChosen(ctx.part('grid'), ctx.state.channel);
  loaded.shown = shown;
  ctx.chrome.set('ready', STRINGS.ready(layer, ctx.runtime.backend, performance.now() - started));
  return inspect(ctx, loaded);
}

/** The head for a task, loaded once through the page store; a new model refills the layer list and the table. */
async function modelFor(ctx: Ctx, loaded: Loaded, task: TaskId): Promise<TaskModel> {
  if (loaded.model?.task === task) return loaded.model;
  ctx.chrome.set('loading', STRINGS.loading(TASKS[task].title));
  ctx.chrome.showProgress(null);
  const model = await taskModel(ctx.runtime, task);
  const chosen = model.layers.includes(ctx.state.layer) ? ctx.state.layer : model.defaultLayer;
  const browsable = model.rows.filter((row) => model.layers.includes(row.name));
  fillLayerSelect(ctx.part('layer'), browsable, chosen);
  fillArchTable(ctx.part('arch'), model.rows, model.fields);
  ctx.text('layer-count', STRINGS.layerCount(model.rows.length));
  showNotice(ctx.root, model.classifier.meta.notice);
  loaded.model = model;
  loaded.prediction = null;
  loaded.shown = null;
  return model;
}

/** The scan as the network receives it and the head's answer, once per task and scan. */
async function predict(
  ctx: Ctx,
  loaded: Loaded,
  model: TaskModel,
  selection: ScanSelection,
  signal: AbortSignal,
): Promise<boolean> {
  const key = `${model.task}|${selection.id}`;
  if (loaded.prediction?.key === key) return true;
  const { classifier } = model;
  ctx.chrome.set('busy', STRINGS.predicting);
  const size = classifier.meta.input.size;
  drawScan(ctx.root, { width: size, height: size, values: preprocessGray(selection.image, size) });
  const probabilities = await classifier.predict(selection.image);
  if (signal.aborted) return false;
  loaded.prediction = { key, probabilities };
  loaded.shown = null;
  showPrediction(ctx.root, classifier.meta.classes, probabilities);
  return true;
}

function layerView(model: TaskModel, shown: Shown): LayerView {
  const type = model.rows.find((row) => row.name === shown.name)?.type ?? '';
  return {
    activation: shown,
    type,
    field: model.fields.get(shown.name) ?? null,
    stats: shown.stats,
    scale: shown.scale,
  };
}

/** Shows the chosen channel and position (no network run) and returns the result to publish. */
function inspect(ctx: Ctx, loaded: Loaded): InsideCnnResult | null {
  const { shown, model, prediction } = loaded;
  const selection = ctx.scan;
  if (!shown || !model || !selection) return null;
  const { state } = ctx;
  const value = showZoom(ctx.root, shown, shown.scale, state);
  const field = model.fields.get(shown.name) ?? null;
  const onScan = field ? showField(ctx.root, field, state, model.classifier.meta.input.size, shown.name) : null;
  return {
    scan: selection.id,
    task: model.task,
    layer: shown.name,
    shape: shown.shape,
    stats: shown.stats,
    channel: state.channel,
    row: state.row,
    col: state.col,
    value,
    channelSum: channelSum(shown.data, shown.shape[2] ?? 1, state.channel),
    classes: model.classifier.meta.classes,
    probabilities: Array.from(prediction?.probabilities ?? []),
    field:
      field && onScan ? { size: field.size[0], jump: field.jump[0], share: onScan.share, whole: onScan.whole } : null,
    dims: dims(shown.shape),
  };
}

/** Task and layer selects ask for a render; the grid and the enlarged map only inspect. */
function bindControls(ctx: Ctx, current: () => Loaded): void {
  ctx.listen(ctx.part('task'), 'change', () => ctx.setState((state) => ({ ...state, task: chosenTask(ctx) })));
  const layer = ctx.part<HTMLSelectElement>('layer');
  ctx.listen(layer, 'change', () => ctx.setState((state) => ({ ...state, layer: layer.value })));
  bindInspection({
    grid: ctx.part('grid'),
    zoom: ctx.part<HTMLCanvasElement>('zoom'),
    state: () => ctx.state,
    shape: () => current().shown?.shape ?? null,
    show: (next) => {
      ctx.setState(next, { render: false });
      const result = inspect(ctx, current());
      if (result) ctx.publish(result);
    },
    listen: (target, type, listener) => ctx.listen(target, type, listener),
  });
}
