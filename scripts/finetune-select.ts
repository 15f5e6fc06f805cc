/**
 * Chooses among the fine-tuning runs `npm run finetune -- --cache-only` left in .cache/finetuned, on validation
 * alone, and ships the choice: `npm run finetune:select -- --task cxr [--dry-run]`.
 * Rule, fixed before any run of the sweep was scored on test: the run with the lowest validation loss is the
 * candidate; it replaces the frozen head only if its validation loss is no worse than the frozen head's by more than
 * 0.01 (validation comes from the training folder and cannot see the shift augmentation targets, so it is used to
 * catch damage, not to reward the absence of shift). The test split is read only by npm run evaluate, afterwards.
 * The rule is chooseFromSweep (src/lib/model/training/ship-policy.ts); archiving and shipping are src/node/ship.ts.
 */
import { existsSync } from 'node:fs';
import type * as tfc from '@tensorflow/tfjs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HeadMeta, SweepRun } from '../src/lib/model/core/meta';
import { taskInfo } from '../src/lib/model/core/tasks';
import { TRAINED_LAYERS_MODEL, trainedLayersModel } from '../src/lib/model/training/finetune';
import { chooseFromSweep, frozenValidationLoss } from '../src/lib/model/training/ship-policy';
import { fileLoader, fileSaver } from '../src/node/model-files';
import { loadBackbone } from '../src/lib/model/core/backbone';
import { CACHE_ROOT, SITE_HEADS, backboneModelJson } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { readFrozenHead, readHeadMeta, restoreFrozenHead, shipCandidate, shipPaths } from '../src/node/ship';
import type { Tf } from '../src/lib/model/core/runtime';

interface Cli {
  task: string;
  maxValidationLossIncrease: number;
  dryRun: boolean;
}

function parseCli(args: string[]): Cli {
  const { values } = parseArgs({
    args,
    options: {
      task: { type: 'string', default: 'cxr' },
      'max-validation-loss-increase': { type: 'string', default: '0.01' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  return {
    task: values.task,
    maxValidationLossIncrease: Number(values['max-validation-loss-increase']),
    dryRun: values['dry-run'],
  };
}

/**
 * The part of a saved fine-tuned backbone that really trained: runs cached by earlier versions saved their whole
 * upper part, frozen layers included. Null when no backbone layer trained (head-only runs).
 */
function trainedPart(tf: Tf, saved: tfc.LayersModel, meta: HeadMeta): tfc.LayersModel | null {
  return saved.name === TRAINED_LAYERS_MODEL ? saved : trainedLayersModel(tf, saved, meta.finetuning?.trainableFrom);
}

const weightedLayerNames = (model: tfc.LayersModel | null): string[] =>
  model?.layers.filter((l) => l.getWeights().length > 0).map((l) => l.name) ?? [];

/** The layers a cached run really trained. */
async function trainedLayerNames(backboneJson: string, meta: HeadMeta): Promise<string[]> {
  if (!meta.finetunedBackbone || !existsSync(backboneJson)) return [];
  const { tf } = await nodeRuntime();
  const saved = await tf.loadLayersModel(fileLoader(backboneJson));
  try {
    return weightedLayerNames(trainedPart(tf, saved, meta));
  } finally {
    saved.dispose();
  }
}

/** One row per cached run: what was trained, how, and its validation loss. */
function sweepRow(run: string, meta: HeadMeta, trainedLayers: number): SweepRun {
  const tuned = meta.selection.candidates.find((c) => c.name === meta.selection.chosen);
  const ft = meta.finetuning;
  if (!tuned || !ft) throw new Error(`${run} is not a fine-tuning run.`);
  return {
    run,
    start: meta.selection.chosen.split('+')[0] ?? '',
    frozenLayer: ft.frozenLayer,
    trainableFrom: ft.trainableFrom ?? null,
    trainedLayers,
    headLearningRate: ft.params.headLearningRate,
    backboneLearningRate: ft.params.backboneLearningRate,
    variants: ft.variants,
    bestEpoch: ft.bestEpoch,
    epochsRun: ft.epochsRun,
    validationLoss: tuned.validationLoss,
    validationAccuracy: tuned.validation.accuracy.value,
    seconds: tuned.trainSeconds,
  };
}

/** Every run cached in `root` for the task, as the sweep's rows; throws when there is none. */
async function sweepRows(root: string, taskId: string): Promise<SweepRun[]> {
  const runs = existsSync(root)
    ? (await readdir(root)).filter((r) => existsSync(join(root, r, taskId, 'meta.json')))
    : [];
  if (runs.length === 0)
    throw new Error(
      `No fine-tuning runs for ${taskId} in ${root}; run npm run finetune -- --task ${taskId} --cache-only.`,
    );
  const rows: SweepRun[] = [];
  for (const run of runs) {
    const meta = await readHeadMeta(join(root, run, taskId));
    const layers = await trainedLayerNames(
      join(root, run, taskId, meta.finetunedBackbone?.path ?? 'backbone/model.json'),
      meta,
    );
    rows.push(sweepRow(run, meta, layers.length));
  }
  return rows;
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const task = taskInfo(cli.task);
  const paths = shipPaths(SITE_HEADS, CACHE_ROOT, task.id);
  // The frozen head is the one shipped, or (after an earlier selection shipped a fine-tuned one) its archive.
  const { shipped, frozen, frozenDir } = await readFrozenHead(paths);
  const frozenLoss = frozenValidationLoss(frozen);
  const root = join(CACHE_ROOT, 'finetuned');
  const limit = cli.maxValidationLossIncrease;
  const { ranked: rows, best, ship } = chooseFromSweep(await sweepRows(root, task.id), frozenLoss, limit);
  for (const row of rows) {
    process.stdout.write(
      `${row.validationLoss.toFixed(4)}  ${(row.validationAccuracy * 100).toFixed(1)} %  ${row.run}\n`,
    );
  }
  const decision =
    `Lowest validation loss ${best.validationLoss.toFixed(4)} (${best.run}) vs the frozen head's ${frozenLoss.toFixed(4)}: ` +
    `${ship ? 'ship the fine-tuned model' : 'keep the frozen head'} (rule: ship if no worse by more than ${limit}).`;
  process.stdout.write(`${decision}\n`);
  if (cli.dryRun) return;
  const sweep = {
    rule: `Among ${rows.length} fine-tuning runs, the lowest validation loss; shipped if no worse than the frozen head's by more than ${limit}.`,
    frozenValidationLoss: frozenLoss,
    decision,
    shipped: ship ? best.run : null,
    runs: rows,
  };
  // Choosing the run that already ships (a re-run) keeps its files and its one test scoring; only the sweep updates.
  const alreadyShipped = ship && shipped.sweep?.shipped === best.run;
  const runDir = join(root, best.run, task.id);
  const target = alreadyShipped ? paths.headDir : ship ? runDir : frozenDir;
  const meta = { ...(await readHeadMeta(target)), sweep, trials: shipped.trials ?? frozen.trials };
  if (ship && !alreadyShipped) await shipCandidate(paths, runDir);
  if (!ship) await restoreFrozenHead(paths);
  await writeSelectedMeta(paths.headDir, meta, ship && !alreadyShipped);
  process.stdout.write(
    `${ship ? `Shipped ${best.run}` : 'Kept the frozen head'} in ${paths.headDir}, with the sweep in meta.json.` +
      `${alreadyShipped ? ' It already shipped: its test scoring is kept.' : ` Run npm run evaluate -- --task ${task.id}.`}\n`,
  );
}

/**
 * Writes the shipped head's meta.json, after filling in what older cached runs lack and, for a newly shipped run,
 * trimming its backbone files to the layers that trained.
 */
async function writeSelectedMeta(headDir: string, meta: HeadMeta, newlyShipped: boolean): Promise<void> {
  // Runs cached before the flag existed: the whole backbone trained exactly when the frozen layer is its input.
  if (meta.finetuning && meta.finetuning.augmentedOnTheFly === undefined) {
    meta.finetuning.augmentedOnTheFly = meta.finetuning.frozenLayer === (await inputLayerName(meta.feature.backbone));
  }
  if (newlyShipped && meta.finetunedBackbone) {
    const layers = await keepTrainedLayersOnly(headDir, meta);
    meta.finetunedBackbone = layers.length ? { ...meta.finetunedBackbone, layers } : null;
  }
  await writeFile(join(headDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
}

async function inputLayerName(backbone: string): Promise<string | undefined> {
  const { tf } = await nodeRuntime();
  const model = await loadBackbone(tf, fileLoader(backboneModelJson(backbone)));
  const name = model.layers[0]?.name;
  model.dispose();
  return name;
}

/** Rewrites the shipped backbone files to hold only the layers that trained; returns their names. */
async function keepTrainedLayersOnly(headDir: string, meta: HeadMeta): Promise<string[]> {
  const { tf } = await nodeRuntime();
  const dir = join(headDir, 'backbone');
  const saved = await tf.loadLayersModel(fileLoader(join(dir, 'model.json')));
  try {
    const trained = trainedPart(tf, saved, meta);
    if (trained !== saved) {
      await rm(dir, { recursive: true, force: true });
      await trained?.save(fileSaver(dir));
    }
    return weightedLayerNames(trained);
  } finally {
    saved.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`finetune:select: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
