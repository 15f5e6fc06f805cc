/**
 * Every figure about the shipped models that the chapters quote, computed at build time from the models themselves
 * (the backbone topologies setup copies into public/weights/backbones, the heads' model.json) and the heads'
 * meta.json. Chapters import `modelFigures` and never type a model figure (tests/unit/model-figures.test.ts fails on
 * one that is typed).
 */
import * as tf from '@tensorflow/tfjs';
import { backboneInfo, describeLayers, outputShapeOf } from './model/core/backbone';
import type { HeadMeta } from './model/core/meta';
import type { TaskId } from './model/core/tasks';
import { fieldOnScan, modelReceptiveFields } from './model/lessons/receptive-field';
import { shippedHeads } from './model-card';

const topologies = import.meta.glob<{ modelTopology: tf.io.ModelJSON['modelTopology'] }>(
  '/public/weights/backbones/*/model.json',
  {
    eager: true,
    import: 'default',
  },
);
const headFiles = import.meta.glob<{ weightsManifest: { weights: { shape: number[] }[] }[] }>(
  '/public/weights/heads/*/model.json',
  { eager: true, import: 'default' },
);

interface BackboneFigures {
  title: string;
  inputSize: number;
  featureLayer: string;
  /** Channels of the feature map the head reads: the length of the pooled feature vector. */
  featureChannels: number;
  /** Rows (= columns) of that map. */
  mapSize: number;
  /** The distinct map sizes along the network, from the first layer to the feature map. */
  mapSizes: number[];
  /** Weights of the layers up to and including the feature layer. */
  params: number;
  field: { size: number; jump: number };
  /** How many of the feature map's positions have a field covering the whole scan, and the smallest share seen. */
  wholeScanPositions: number;
  smallestShare: number;
}

export interface HeadFigures {
  task: TaskId;
  classes: number;
  /** Weights of the shipped head (its model.json). */
  params: number;
  /** Weights of the simplest head on these features: one dense layer and a softmax. */
  linearParams: number;
  batchSize: number;
  counts: Record<'train' | 'validation' | 'test', Record<string, number>>;
  totals: Record<'train' | 'validation' | 'test', number>;
  /** Backbone layers Lightbox fine-tuned (0: ImageNet's weights unchanged). */
  finetunedLayers: number;
  backbone: BackboneFigures;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

async function backboneFigures(meta: HeadMeta): Promise<BackboneFigures> {
  const id = meta.feature.backbone;
  const file = Object.entries(topologies).find(([path]) => path.includes(`/backbones/${id}/`))?.[1];
  if (!file) throw new Error(`No backbone topology for ${id} in public/weights/backbones: run npm run setup.`);
  const model = await tf.models.modelFromJSON({ modelTopology: file.modelTopology });
  try {
    const rows = describeLayers(model);
    const cut = rows.findIndex((row) => row.name === meta.feature.layer);
    if (cut < 0) throw new Error(`${id} has no layer ${meta.feature.layer}.`);
    const [, mapSize = 0, , featureChannels = 0] = outputShapeOf(model.getLayer(meta.feature.layer)) as number[];
    const spatial = rows
      .slice(0, cut + 1)
      .filter((row) => row.outputShape.length === 4 && row.type !== 'ZeroPadding2D');
    const field = modelReceptiveFields(model).get(meta.feature.layer);
    if (!field) throw new Error(`No receptive field for ${meta.feature.layer}.`);
    const shares = Array.from({ length: mapSize * mapSize }, (_, i) =>
      fieldOnScan(field, Math.floor(i / mapSize), i % mapSize, meta.input.size),
    );
    return {
      title: backboneInfo(id).title,
      inputSize: meta.input.size,
      featureLayer: meta.feature.layer,
      featureChannels,
      mapSize,
      mapSizes: [...new Set(spatial.map((row) => row.outputShape[1] as number))].filter((n) => n < meta.input.size),
      params: sum(rows.slice(0, cut + 1).map((row) => row.params)),
      field: { size: field.size[0], jump: field.jump[0] },
      wholeScanPositions: shares.filter((s) => s.whole).length,
      smallestShare: Math.min(...shares.map((s) => s.share)),
    };
  } finally {
    model.dispose();
  }
}

function headParams(task: TaskId): number {
  const file = Object.entries(headFiles).find(([path]) => path.includes(`/heads/${task}/`))?.[1];
  if (!file) throw new Error(`No head model.json for ${task}.`);
  return sum(file.weightsManifest.flatMap((group) => group.weights.map((w) => w.shape.reduce((a, b) => a * b, 1))));
}

async function headFigures(meta: HeadMeta): Promise<HeadFigures> {
  const backbone = await backboneFigures(meta);
  const classes = meta.classes.length;
  const totals = (split: 'train' | 'validation' | 'test') => sum(Object.values(meta.data.counts[split]));
  return {
    task: meta.task,
    classes,
    params: headParams(meta.task),
    linearParams: classes * backbone.featureChannels + classes,
    batchSize: meta.training.batchSize,
    counts: meta.data.counts,
    totals: { train: totals('train'), validation: totals('validation'), test: totals('test') },
    finetunedLayers: meta.finetunedBackbone?.layers.length ?? 0,
    backbone,
  };
}

const heads = await Promise.all(shippedHeads().map(headFigures));

/** The shipped models' figures by task: `modelFigures.cxr.backbone.featureChannels`, … */
export const modelFigures = Object.fromEntries(heads.map((h) => [h.task, h])) as Record<TaskId, HeadFigures>;

/** A number as the chapters print it: "1,136", "213,000". */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
