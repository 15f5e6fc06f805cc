/**
 * Node-only: what `npm run finetune` starts from and writes. It starts from a frozen-feature head on MobileNet v1
 * (a candidate of the frozen selection, trained by npm run train) and writes a candidate folder: the head, the
 * backbone layers that trained (none for a head-only run: then no backbone folder) and meta.json, whose selection,
 * baseline and finetuning fields are the model card's provenance.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import type { AugmentConfig } from '../lib/model/training/augment';
import { trainedLayersModel, type FinetuneParams } from '../lib/model/training/finetune';
import type { CandidateResult, HeadMeta } from '../lib/model/core/meta';
import type { Tf } from '../lib/model/core/runtime';
import type { FinetuneOutcome } from './finetune-task';
import { currentCommit } from './git';
import { fileSaver } from './model-files';

/** How a run of npm run finetune trains and is judged (the CLI's flags, parsed). */
export interface FinetuneRecipe {
  /** Maps are cached at this layer; the blocks above it train. */
  frozenLayer: string;
  /** Layers between frozenLayer and this one stay frozen too. */
  trainFrom?: string;
  variants: number;
  seed: number;
  augment: AugmentConfig;
  params: FinetuneParams;
  /** The ship rule's allowance: the fine-tuned validation loss may exceed the frozen head's by this much. */
  maxValidationLossIncrease: number;
}

/** The frozen candidate named `name`, checked to exist in `startDir` and to be on MobileNet v1. */
export function startCandidate(frozen: HeadMeta, name: string, startDir: string, task: string): CandidateResult {
  const start = frozen.selection.candidates.find((c) => c.name === name);
  if (!start || !existsSync(join(startDir, 'model.json')))
    throw new Error(`Run npm run train -- --task ${task} first (${name} is missing).`);
  if (!start.feature.backbone.startsWith('mobilenet_v1'))
    throw new Error(`${name} is not on MobileNet v1; pass --start with a v1 candidate.`);
  return start;
}

/** The run's folder name: seed, start (when not the default), depth, variants and learning rates. */
export function finetuneRunName(recipe: FinetuneRecipe, startName: string): string {
  const depth = recipe.trainFrom ? `${recipe.frozenLayer}-from-${recipe.trainFrom}` : recipe.frozenLayer;
  const startTag = startName === 'v1-pw13-linear' ? '' : `-${startName}`;
  const { headLearningRate, backboneLearningRate } = recipe.params;
  return `seed${recipe.seed}${startTag}-${depth}-v${recipe.variants}-lr${headLearningRate}-${backboneLearningRate}`;
}

/**
 * Saves the head and the backbone layers that trained (from `trainFrom` on) into `dir`, emptied first; a head-only
 * run saves no backbone folder. Returns the trained layers' names.
 */
export async function saveTunedModel(
  tf: Tf,
  dir: string,
  head: tfc.LayersModel,
  upper: tfc.LayersModel,
  trainFrom?: string,
): Promise<string[]> {
  await rm(dir, { recursive: true, force: true });
  await head.save(fileSaver(dir));
  const trained = trainedLayersModel(tf, upper, trainFrom);
  await trained?.save(fileSaver(join(dir, 'backbone')));
  return trained?.layers.filter((l) => l.getWeights().length > 0).map((l) => l.name) ?? [];
}

export interface FinetunedRecord {
  frozen: HeadMeta;
  start: CandidateResult;
  outcome: FinetuneOutcome;
  recipe: FinetuneRecipe;
}

/** The frozen selection with the fine-tuned model added as its chosen candidate. */
function finetunedSelection({ frozen, start, outcome, recipe }: FinetunedRecord): HeadMeta['selection'] {
  const tunedName = `${start.name}+finetune-${recipe.trainFrom ?? recipe.frozenLayer}`;
  return {
    rule:
      `${frozen.selection.rule} Then: the top blocks above ${recipe.frozenLayer} are fine-tuned with augmentation; the fine-tuned ` +
      `model is shipped unless its validation loss exceeds the frozen head's by more than ${recipe.maxValidationLossIncrease}.`,
    chosen: tunedName,
    candidates: [
      ...frozen.selection.candidates,
      {
        name: tunedName,
        feature: start.feature,
        head: start.head,
        bestEpoch: outcome.state.best.epoch,
        validationLoss: outcome.state.best.loss,
        validation: outcome.validation,
        headParams: outcome.head.countParams(),
        trainSeconds: outcome.state.history.reduce((s, h) => s + h.seconds, 0),
      },
    ],
  };
}

function finetuning({ outcome, recipe }: FinetunedRecord): NonNullable<HeadMeta['finetuning']> {
  return {
    frozenLayer: recipe.frozenLayer,
    ...(recipe.trainFrom ? { trainableFrom: recipe.trainFrom } : {}),
    params: recipe.params,
    bestEpoch: outcome.state.best.epoch,
    epochsRun: outcome.state.epoch,
    augment: { ...recipe.augment },
    variants: recipe.variants,
    augmentedOnTheFly: outcome.wholeBackbone,
    batchNorm: 'frozen: ImageNet moving statistics and affine terms kept, inference mode during training',
    history: outcome.state.history,
  };
}

/** meta.json of a fine-tuned candidate: the frozen head's, with the fine-tuning, its baseline and its validation. */
export function finetunedMeta(record: FinetunedRecord, layers: string[]): HeadMeta {
  const { frozen, start, outcome } = record;
  return {
    ...frozen,
    feature: start.feature,
    head: start.head,
    finetunedBackbone: layers.length ? { path: 'backbone/model.json', layers } : null,
    training: { ...frozen.training, bestEpoch: outcome.state.best.epoch },
    selection: finetunedSelection(record),
    baseline: {
      name: frozen.selection.chosen,
      feature: frozen.feature,
      validation: frozen.metrics.validation,
      test: frozen.metrics.test,
    },
    finetuning: finetuning(record),
    metrics: { validation: outcome.validation, test: null },
    data: { ...frozen.data, unreadable: [...new Set([...frozen.data.unreadable, ...outcome.unreadable])] },
    created: new Date().toISOString(),
    commit: currentCommit(),
  };
}

/** Writes the candidate folder (model files and meta.json); returns the trained backbone layers' names. */
export async function writeFinetuned(tf: Tf, dir: string, record: FinetunedRecord): Promise<string[]> {
  const layers = await saveTunedModel(tf, dir, record.outcome.head, record.outcome.upper, record.recipe.trainFrom);
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(finetunedMeta(record, layers), null, 1)}\n`);
  return layers;
}
