/**
 * Sanity checks for explanations (Adebayo et al. 2018), cascading randomisation: on a private copy of the model, the
 * head's weights, then the top backbone blocks one at a time, are replaced by random values of the same mean and
 * spread; after each step every method's map is computed again and compared with the trained model's by rank
 * correlation. A map that barely changes while the model is destroyed cannot be explaining the model.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer } from '../core/backbone';
import type { Tf } from '../core/runtime';
import { spearman } from './faithfulness';
import { checkpoint, type Cancellable, type ExplanationMap } from './maps';
import { Scorer, type Explainable } from './scorer';

/** A copy of a model with its own weights (through tfjs's in-memory save and load). */
async function copyModel(tf: Tf, model: tfc.LayersModel): Promise<tfc.LayersModel> {
  let saved: tfc.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('The model could not be copied.');
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}

async function copyExplainable(model: Explainable): Promise<Explainable> {
  const backbone = await copyModel(model.tf, model.backbone);
  try {
    return { ...model, backbone, head: await copyModel(model.tf, model.head) };
  } catch (error) {
    backbone.dispose();
    throw error;
  }
}

export interface RandomisationStep {
  /** "head", or the block's layers ("conv_dw_13, conv_pw_13"). */
  label: string;
  layers: string[];
}

const hasKernel = (layer: tfc.layers.Layer): boolean =>
  layer.getClassName() !== 'BatchNormalization' && layer.getWeights().length > 0;

/** The head, then the backbone's blocks from the top down (layers grouped by the number in their name). */
export function randomisationSteps(model: Explainable, blocks: number): RandomisationStep[] {
  const steps: RandomisationStep[] = [
    { label: 'head', layers: model.head.layers.filter(hasKernel).map((l) => l.name) },
  ];
  const cut = model.backbone.layers.indexOf(findLayer(model.backbone, model.meta.feature.layer));
  let key: string | null = null;
  for (const layer of model.backbone.layers
    .slice(0, cut + 1)
    .reverse()
    .filter(hasKernel)) {
    const next = /\d+/.exec(layer.name)?.[0] ?? layer.name;
    if (next !== key) {
      if (steps.length > blocks) break;
      steps.push({ label: '', layers: [] });
      key = next;
    }
    steps[steps.length - 1]!.layers.unshift(layer.name);
  }
  return steps.slice(0, blocks + 1).map((s) => ({ ...s, label: s.label || s.layers.join(', ') }));
}

/** Replaces a layer's weights with seeded Gaussian values of each tensor's own mean and standard deviation. */
function randomise(tf: Tf, layer: tfc.layers.Layer, seed: number): void {
  const next = layer.getWeights().map((w, i) =>
    tf.tidy(() => {
      const { mean, variance } = tf.moments(w);
      const std = Math.sqrt(variance.dataSync()[0] ?? 0) || 0.01;
      return tf.randomNormal(w.shape, mean.dataSync()[0] ?? 0, std, 'float32', seed + i);
    }),
  );
  layer.setWeights(next);
  tf.dispose(next);
}

export type MapMaker = (scorer: Scorer) => Promise<ExplanationMap>;

export interface SanityStep {
  label: string;
  /** Rank correlation of each method's map with the trained model's. */
  correlations: Record<string, number>;
  maps: Record<string, ExplanationMap>;
}

export interface SanityOptions extends Cancellable {
  blocks: number;
  seed?: number;
  onStep?: (step: SanityStep, index: number, total: number) => void;
}

/**
 * The trained model's maps, then after each cumulative randomisation step. Works on a copy: the page's shared model
 * is never touched, and the copy is freed even when cancelled.
 */
export async function sanityCheck(
  model: Explainable,
  methods: Record<string, MapMaker>,
  options: SanityOptions,
): Promise<SanityStep[]> {
  const copy = await copyExplainable(model);
  try {
    const scorer = new Scorer(copy);
    const mapsOf = async (): Promise<Record<string, ExplanationMap>> => {
      const maps: Record<string, ExplanationMap> = {};
      for (const [name, make] of Object.entries(methods)) {
        await checkpoint(options);
        maps[name] = await make(scorer);
      }
      return maps;
    };
    const original = await mapsOf();
    const all = Object.fromEntries(Object.keys(methods).map((name) => [name, 1]));
    const out: SanityStep[] = [{ label: 'trained model', correlations: all, maps: original }];
    const steps = randomisationSteps(copy, options.blocks);
    options.onStep?.(out[0]!, 0, steps.length + 1);
    for (const [k, step] of steps.entries()) {
      const source = k === 0 ? copy.head : copy.backbone;
      step.layers.forEach((name, i) => randomise(copy.tf, findLayer(source, name), (options.seed ?? 11) + 97 * k + i));
      const maps = await mapsOf();
      const correlations = Object.fromEntries(
        Object.entries(maps).map(([name, map]) => [name, spearman(original[name]!.values, map.values)]),
      );
      out.push({ label: step.label, correlations, maps });
      options.onStep?.(out[out.length - 1]!, k + 1, steps.length + 1);
    }
    return out;
  } finally {
    copy.backbone.dispose();
    copy.head.dispose();
  }
}
