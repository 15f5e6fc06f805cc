/** Node-only: what a pre-registered fine-tuning run writes: the candidate model and its per-layer weight change. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import { loadBackbone } from '../lib/model/core/backbone';
import { trainedLayersModel } from '../lib/model/training/finetune';
import type { HeadMeta } from '../lib/model/core/meta';
import type { Tf } from '../lib/model/core/runtime';
import type { Decision } from '../lib/model/training/ship-policy';
import { layerChanges, type LayerChange } from '../lib/model/training/weight-change';
import type { FinetuneOutcome } from './finetune-task';
import { currentCommit } from './git';
import { fileLoader, fileSaver } from './model-files';
import { backboneModelJson } from './paths';
import type { Recipe } from './prereg';

const kernels = (layers: readonly tfc.layers.Layer[]): Map<string, Float32Array> =>
  new Map(
    layers
      .filter((l) => l.getClassName() !== 'BatchNormalization' && l.getWeights().length > 0)
      .map((l) => [l.name, l.getWeights()[0]?.dataSync() as Float32Array]),
  );

/** mean |Δw| / mean |w| of every trained layer's kernel against a freshly loaded ImageNet backbone. */
export async function weightChangeAgainstImagenet(
  tf: Tf,
  backboneId: string,
  upper: tfc.LayersModel,
): Promise<LayerChange[]> {
  const imagenet = await loadBackbone(tf, fileLoader(backboneModelJson(backboneId)));
  try {
    return layerChanges(kernels(imagenet.layers), kernels(upper.layers.filter((l) => l.trainable)));
  } finally {
    imagenet.dispose();
  }
}

export interface CandidateRecord {
  recipe: Recipe;
  recipeFile: string;
  commit: string;
  baseline: HeadMeta;
  outcome: FinetuneOutcome;
  decision: Decision;
  referenceAuc: number;
  weightChange: LayerChange[];
  peakRssMb: number;
}

function candidateMeta(r: CandidateRecord, layers: string[]): HeadMeta {
  const { recipe, baseline, outcome } = r;
  const name = `${recipe.name} (whole backbone, ${recipe.params.epochs} epochs, pre-registered)`;
  return {
    ...baseline,
    finetunedBackbone: layers.length ? { path: 'backbone/model.json', layers } : null,
    training: { ...baseline.training, bestEpoch: outcome.state.epoch },
    selection: {
      ...baseline.selection,
      chosen: name,
      rule: `${baseline.selection.rule} Then a pre-registered experiment (${r.recipeFile}): ${recipe.decision.rule}`,
    },
    previous: {
      name: baseline.selection.chosen,
      commit: baseline.commit,
      validation: baseline.metrics.validation,
      test: baseline.metrics.test,
    },
    preregistration: {
      file: r.recipeFile,
      commit: r.commit,
      rule: recipe.decision.rule,
      decision: r.decision,
      referenceValidationAuc: r.referenceAuc,
      weightChange: r.weightChange,
      peakRssMb: Math.round(r.peakRssMb),
    },
    finetuning: {
      frozenLayer: recipe.trainFrom,
      params: recipe.params,
      bestEpoch: outcome.state.best.epoch,
      epochsRun: outcome.state.epoch,
      augment: { ...recipe.augment } as Record<string, number>,
      variants: recipe.variants,
      augmentedOnTheFly: true,
      batchNorm: 'frozen: ImageNet moving statistics and affine terms kept, inference mode during training',
      history: outcome.state.history,
    },
    metrics: { validation: outcome.validation, test: null },
    data: { ...baseline.data, unreadable: [...new Set([...baseline.data.unreadable, ...outcome.unreadable])] },
    created: new Date().toISOString(),
    commit: currentCommit(),
  };
}

/** The head, the trained backbone layers (only those: no copy of an ImageNet layer) and meta.json. */
export async function writeCandidate(tf: Tf, dir: string, record: CandidateRecord): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await record.outcome.head.save(fileSaver(dir));
  const trained = trainedLayersModel(tf, record.outcome.upper);
  await trained?.save(fileSaver(join(dir, 'backbone')));
  const layers = trained?.layers.filter((l) => l.getWeights().length > 0).map((l) => l.name) ?? [];
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(candidateMeta(record, layers), null, 1)}\n`);
}

/** experiments/<name>/decision.json: what the rule decided, on what, and the run that led to it. */
export async function writeDecision(file: string, record: CandidateRecord): Promise<void> {
  const { outcome } = record;
  await writeFile(
    file,
    `${JSON.stringify(
      {
        recipe: record.recipeFile,
        preregistrationCommit: record.commit,
        decision: record.decision,
        referenceValidationAuc: record.referenceAuc,
        candidateValidation: outcome.validation,
        history: outcome.state.history,
        weightChange: record.weightChange,
        peakRssMb: Math.round(record.peakRssMb),
        created: new Date().toISOString(),
      },
      null,
      1,
    )}\n`,
  );
}
