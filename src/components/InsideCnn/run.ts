/**
 * The activation browser's work, loaded lazily: the shipped head for the scan's task (with its backbone), the
 * prediction, the chosen layer's activations, statistics, channels and receptive fields, all from the loaded model.
 */
import { taskForDataset } from '../../lib/gallery-pick';
import {
  activationStats,
  browsableLayers,
  channelSum,
  liveliestChannel,
  type ActivationStats,
} from '../../lib/model/core/activations';
import type { Classifier, LayerActivation } from '../../lib/model/core/classifier';
import { preprocessGray } from '../../lib/model/core/preprocess';
import { modelReceptiveFields, type ReceptiveField } from '../../lib/model/lessons/receptive-field';
import type { Runtime } from '../../lib/model/core/runtime';
import { firstStageLayer } from '../../lib/model/lessons/shift';
import { TASKS } from '../../lib/model/core/tasks';
import { drawMap, type ColourScale } from '../../lib/view/heatmap';
import { latestRunner } from '../../lib/view/latest-runner';
import { pageClassifier } from '../../lib/view/model-store';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { fillArchTable, markArchRow } from './arch-table';
import { bindInspection } from './interaction';
import { fillGrid, fillLayerSelect, part, scaleFor, showField, showPrediction, showStats, showZoom } from './render';
import { fitToShape, parseCnnState, rescalePosition, writeCnnState, type CnnState } from './state';
import { STRINGS, dims } from './strings';

type HeadTask = 'cxr' | 'oct';

interface LoadedModel {
  task: HeadTask;
  classifier: Classifier;
  layers: string[];
  fields: Map<string, ReceptiveField>;
}

export interface View {
  root: HTMLElement;
  chrome: WidgetChrome;
  runtime: Runtime;
  state: CnnState;
  selection: ScanSelection | null;
  model: LoadedModel | null;
  activation: (LayerActivation & { key: string; stats: ActivationStats; scale: ColourScale }) | null;
  prediction: { key: string; probabilities: Float32Array } | null;
}

export async function runInsideCnn(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const runtime = await startRuntime(chrome, STRINGS.loading(TASKS.cxr.title));
  if (!runtime) return;
  const view: View = {
    root,
    chrome,
    runtime,
    state: parseCnnState(currentParams()),
    selection: null,
    model: null,
    activation: null,
    prediction: null,
  };
  const recompute = latestRunner(
    () => update(view),
    (error) => chrome.fail(error),
  );
  afterRuntimeReset(
    chrome,
    (next) => {
      Object.assign(view, { runtime: next, model: null, activation: null, prediction: null });
    },
    recompute,
  );
  const task = part<HTMLSelectElement>(root, 'task');
  task.addEventListener('change', recompute);
  part<HTMLSelectElement>(root, 'layer').addEventListener('change', (event) => {
    view.state = { ...view.state, layer: (event.target as HTMLSelectElement).value };
    recompute();
  });
  bindInspection(view, () => inspect(view));
  const picker = root.querySelector<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      view.selection = selection;
      if (selection.scan) task.value = taskForDataset(selection.scan.dataset);
      part(root, 'caption').textContent = selection.caption;
      recompute();
    },
  });
  if (!view.selection) chrome.set('ready', STRINGS.chooseImage);
}

async function update(view: View): Promise<void> {
  const selection = view.selection;
  if (!selection) return;
  const started = performance.now();
  const model = await modelFor(view, part<HTMLSelectElement>(view.root, 'task').value as HeadTask);
  const { classifier } = model;
  const scanKey = `${model.task}|${selection.id}`;
  if (view.prediction?.key !== scanKey) {
    view.chrome.set('busy', STRINGS.predicting);
    drawMap(
      part<HTMLCanvasElement>(view.root, 'scan'),
      {
        width: classifier.meta.input.size,
        height: classifier.meta.input.size,
        values: preprocessGray(selection.image, classifier.meta.input.size),
      },
      'gray',
      { min: 0, max: 255 },
    );
    view.prediction = { key: scanKey, probabilities: await classifier.predict(selection.image) };
    showPrediction(part(view.root, 'prediction'), classifier.meta.classes, view.prediction.probabilities);
  }
  const layer =
    view.state.layer && model.layers.includes(view.state.layer)
      ? view.state.layer
      : firstStageLayer(classifier.backbone).name;
  const key = `${scanKey}|${layer}`;
  if (view.activation?.key !== key) {
    view.chrome.set('busy', STRINGS.reading(layer));
    const [activation] = await classifier.activations(selection.image, [layer]);
    if (!activation) throw new Error(`The network returned no output for layer ${layer}.`);
    const previous = view.activation?.shape;
    const moved =
      previous && view.state.layer === layer
        ? view.state
        : rescalePosition(view.state, previous ?? activation.shape, activation.shape);
    const channels = activation.shape[2] ?? 1;
    const fresh = view.state.layer !== layer ? { ...moved, channel: -1 } : moved;
    view.state = fitToShape({ ...fresh, layer }, activation.shape, liveliestChannel(activation.data, channels));
    const stats = activationStats(activation.data);
    view.activation = { ...activation, key, stats, scale: scaleFor(stats) };
    showLayer(view, model);
  }
  const ms = performance.now() - started;
  view.root.dataset.lastMs = ms.toFixed(1);
  inspect(view);
  view.chrome.set('ready', STRINGS.ready(layer, view.runtime.backend, ms));
}

/** The head for a task, loaded once; a new model refills the layer list and the architecture table. */
async function modelFor(view: View, task: HeadTask): Promise<LoadedModel> {
  if (view.model?.task === task) return view.model;
  view.chrome.set('loading', STRINGS.loading(TASKS[task].title));
  view.chrome.showProgress(null);
  const classifier = await pageClassifier(view.runtime, task);
  const layers = browsableLayers(classifier.backbone, classifier.meta.feature.layer).map((layer) => layer.name);
  const fields = modelReceptiveFields(classifier.backbone);
  const chosen =
    view.state.layer && layers.includes(view.state.layer)
      ? view.state.layer
      : firstStageLayer(classifier.backbone).name;
  fillLayerSelect(
    part(view.root, 'layer'),
    classifier.backbone,
    layers.map((name) => classifier.backbone.getLayer(name)),
    chosen,
  );
  part(view.root, 'layer-count').textContent = STRINGS.layerCount(
    fillArchTable(part(view.root, 'arch'), classifier.backbone, fields),
  );
  const notice = part(view.root, 'notice');
  notice.textContent = classifier.meta.notice ?? '';
  notice.hidden = !classifier.meta.notice;
  view.model = { task, classifier, layers, fields };
  view.activation = null;
  view.prediction = null;
  return view.model;
}

function showLayer(view: View, model: LoadedModel): void {
  const activation = view.activation;
  if (!activation) return;
  const layer = model.classifier.backbone.getLayer(activation.name);
  const field = model.fields.get(activation.name);
  part<HTMLSelectElement>(view.root, 'layer').value = activation.name;
  part(view.root, 'layer-info').textContent = STRINGS.layerInfo(
    layer.getClassName(),
    activation.shape,
    field?.size[0] ?? 0,
    field?.jump[0] ?? 0,
  );
  showStats(view.root, activation.stats);
  const grid = part(view.root, 'grid');
  fillGrid(grid, activation, activation.scale, view.state.channel);
  grid.setAttribute('aria-label', STRINGS.gridLabel(activation.name, activation.shape[2] ?? 1));
  markArchRow(part(view.root, 'arch'), activation.name);
}

/** Shows the chosen channel and position (no network run), publishes the result and keeps the URL in step. */
export function inspect(view: View): void {
  const { activation, model, selection, prediction } = view;
  if (!activation || !model || !selection) return;
  const value = showZoom(view.root, activation, activation.scale, view.state);
  const field = model.fields.get(activation.name);
  if (field) showField(view.root, field, view.state, model.classifier.meta.input.size, activation.name);
  const channels = activation.shape[2] ?? 1;
  view.root.dataset.result = JSON.stringify({
    scan: selection.id,
    task: model.task,
    layer: activation.name,
    shape: activation.shape,
    stats: activation.stats,
    channel: view.state.channel,
    row: view.state.row,
    col: view.state.col,
    value,
    channelSum: channelSum(activation.data, channels, view.state.channel),
    classes: model.classifier.meta.classes,
    probabilities: Array.from(prediction?.probabilities ?? []),
    field: field ? { size: field.size[0], jump: field.jump[0] } : null,
    dims: dims(activation.shape),
  });
  updateParams((params) => writeCnnState(view.state, params));
}
