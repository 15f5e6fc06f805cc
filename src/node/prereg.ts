/**
 * Node-only: a pre-registered fine-tuning recipe (experiments/<name>/recipe.json): parsed, checked against git (it
 * must be committed and unchanged since, or nothing trains), and turned into the fine-tuning options.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { AugmentConfig } from '../lib/model/training/augment';
import type { FinetuneParams } from '../lib/model/training/finetune';
import { taskInfo, type TaskInfo } from '../lib/model/core/tasks';
import { PROJECT_ROOT } from './paths';

export interface Recipe {
  name: string;
  task: TaskInfo;
  start: string;
  trainFrom: string;
  params: FinetuneParams;
  augment: AugmentConfig;
  variants: number;
  seed: number;
  validation: { fraction: number; seed: number };
  decision: { metric: 'validation AUC'; maxDrop: number; rule: string };
  batchNorm: string;
}

export class RecipeError extends Error {}

function need<T>(value: T | undefined, name: string, check: (v: T) => boolean): T {
  if (value === undefined || !check(value)) throw new RecipeError(`recipe.json: "${name}" is missing or invalid.`);
  return value;
}

const positive = (v: number) => typeof v === 'number' && v > 0 && Number.isFinite(v);

export function parseRecipe(json: unknown): Recipe {
  const r = (json ?? {}) as Record<string, unknown> & {
    validation?: { fraction: number; seed: number };
    decision?: Recipe['decision'];
  };
  const epochs = need(r.epochs as number, 'epochs', (v) => Number.isInteger(v) && v > 0);
  const decision = need(
    r.decision,
    'decision',
    (d) => d.metric === 'validation AUC' && d.maxDrop >= 0 && typeof d.rule === 'string',
  );
  if (r.batchNorm !== 'frozen') throw new RecipeError('recipe.json: only "batchNorm": "frozen" is implemented.');
  if (r.optimiser !== 'adam') throw new RecipeError('recipe.json: only "optimiser": "adam" is implemented.');
  return {
    name: need(r.name as string, 'name', (v) => /^[a-z0-9-]+$/.test(v)),
    task: taskInfo(need(r.task as string, 'task', (v) => typeof v === 'string')),
    start: need(r.start as string, 'start', (v) => typeof v === 'string'),
    trainFrom: need(r.trainFrom as string, 'trainFrom', (v) => v === 'input_1'),
    params: {
      epochs,
      batchSize: need(r.batchSize as number, 'batchSize', positive),
      backboneLearningRate: need(r.backboneLearningRate as number, 'backboneLearningRate', positive),
      headLearningRate: need(r.headLearningRate as number, 'headLearningRate', positive),
      schedule: need(r.schedule as 'cosine', 'schedule', (v) => v === 'cosine' || v === 'constant'),
      warmupEpochs: need(r.warmupEpochs as number, 'warmupEpochs', (v) => v >= 0 && v < epochs),
      labelSmoothing: need(r.labelSmoothing as number, 'labelSmoothing', (v) => v >= 0 && v < 0.5),
      keep: need(r.keep as 'last', 'keep', (v) => v === 'last' || v === 'best'),
      // The recipe fixes the number of epochs: no early stopping.
      patience: epochs,
    },
    augment: need(r.augment as AugmentConfig, 'augment', (a) => typeof a === 'object' && a !== null),
    variants: need(r.variants as number, 'variants', (v) => Number.isInteger(v) && v >= 1),
    seed: need(r.seed as number, 'seed', Number.isInteger),
    validation: need(r.validation, 'validation', (v) => v.fraction > 0 && v.fraction < 1 && Number.isInteger(v.seed)),
    decision,
    batchNorm: r.batchNorm,
  };
}

const git = (args: string[]): string =>
  execFileSync('git', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();

/**
 * The commit that added the recipe; throws unless it is committed and has not changed since (in history or in the
 * work tree), so every training step provably follows a recipe fixed before it.
 */
export function preregistrationCommit(recipePath: string): string {
  const path = relative(PROJECT_ROOT, recipePath);
  let added = '';
  try {
    added = git(['log', '--diff-filter=A', '--format=%H', '--', path]).split('\n').pop() ?? '';
  } catch {
    throw new RecipeError('git is needed to check the pre-registration.');
  }
  if (!added) throw new RecipeError(`${path} is not committed: commit the pre-registration before training.`);
  const changes = git(['log', '--format=%H', `${added}..HEAD`, '--', path]);
  const dirty = git(['status', '--porcelain', '--', path]);
  if (changes || dirty)
    throw new RecipeError(
      `${path} changed after its pre-registration commit ${added.slice(0, 7)}; a changed recipe is a new experiment.`,
    );
  return added;
}

export async function readRecipe(path: string): Promise<Recipe> {
  return parseRecipe(JSON.parse(await readFile(path, 'utf8')));
}
