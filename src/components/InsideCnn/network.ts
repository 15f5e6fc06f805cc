/**
 * What the activation browser reads from the network, through the page's model store and the classifier (no DOM):
 * a task's model with the facts the view derives from it once, and one layer's map for a scan.
 */
import {
  activationStats,
  browsableLayers,
  liveliestChannel,
  type ActivationStats,
} from '../../lib/model/core/activations';
import { describeLayers, type LayerRow } from '../../lib/model/core/backbone';
import type { Classifier, LayerActivation } from '../../lib/model/core/classifier';
import { firstStageLayer } from '../../lib/model/core/probe';
import type { Runtime } from '../../lib/model/core/runtime';
import type { TaskId } from '../../lib/model/core/tasks';
import { modelReceptiveFields, type ReceptiveField } from '../../lib/model/lessons/receptive-field';
import type { ColourScale } from '../../lib/view/heatmap';
import { pageClassifier } from '../../lib/view/model-store';
import type { ScanSelection } from '../../lib/view/scan-picker';
import { scaleFor } from './render';

/** A task's classifier and what the view derives from it once: its layer rows, browsable layers, receptive fields. */
export interface TaskModel {
  task: TaskId;
  classifier: Classifier;
  rows: LayerRow[];
  /** The layers a reader can browse (spatial outputs up to the head's feature layer), in model order. */
  layers: string[];
  /** Shown when no layer (or one the model lacks) is asked for: the end of the network's first stage. */
  defaultLayer: string;
  fields: Map<string, ReceptiveField>;
}

/** The map being browsed: one layer's activation for one task and scan, with what the view shows of it. */
export interface Shown extends LayerActivation {
  key: string;
  stats: ActivationStats;
  scale: ColourScale;
  /** The channel shown when none was chosen: the one whose values spread most. */
  liveliest: number;
}

/** The shipped head for `task` from the page store (shared with the page's other widgets; never disposed here). */
export async function taskModel(runtime: Runtime, task: TaskId): Promise<TaskModel> {
  const classifier = await pageClassifier(runtime, task);
  const backbone = classifier.backbone;
  return {
    task,
    classifier,
    rows: describeLayers(backbone),
    layers: browsableLayers(backbone, classifier.meta.feature.layer).map((layer) => layer.name),
    defaultLayer: firstStageLayer(backbone).name,
    fields: modelReceptiveFields(backbone),
  };
}

export function shownKey(model: TaskModel, selection: ScanSelection, layer: string): string {
  return `${model.task}|${selection.id}|${layer}`;
}

/** One layer's output for the scan, read back to the page. */
export async function readLayer(model: TaskModel, selection: ScanSelection, layer: string): Promise<Shown> {
  const [activation] = await model.classifier.activations(selection.image, [layer]);
  if (!activation) throw new Error(`The network returned no output for layer ${layer}.`);
  const stats = activationStats(activation.data);
  const liveliest = liveliestChannel(activation.data, activation.shape[2] ?? 1);
  return { ...activation, key: shownKey(model, selection, layer), stats, scale: scaleFor(stats), liveliest };
}
