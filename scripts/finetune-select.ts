/**
 * Chooses among the fine-tuning runs `npm run finetune -- --cache-only` left in .cache/finetuned, on validation
 * alone, and ships the choice: `npm run finetune:select -- --task cxr [--dry-run]`.
 * Rule, fixed before any run of the sweep was scored on test: the run with the lowest validation loss is the
 * candidate; it replaces the frozen head only if its validation loss is no worse than the frozen head's by more than
 * 0.01 (validation comes from the training folder and cannot see the shift augmentation targets, so it is used to
 * catch damage, not to reward the absence of shift). The test split is read only by npm run evaluate, afterwards.
 */
import { existsSync } from 'node:fs';
import type * as tfc from '@tensorflow/tfjs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHeadMeta, type HeadMeta, type SweepRun } from '../src/lib/model/core/meta';
import { taskInfo } from '../src/lib/model/core/tasks';
import { TRAINED_LAYERS_MODEL, trainedLayersModel } from '../src/lib/model/training/finetune';
import { fileLoader, fileSaver } from '../src/node/model-files';
import { loadBackbone } from '../src/lib/model/core/backbone';
import { CACHE_ROOT, SITE_HEADS, backboneModelJson } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import type { Tf } from '../src/lib/model/core/runtime';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'cxr' },
    'max-validation-loss-increase': { type: 'string', default: '0.01' },
    'dry-run': { type: 'boolean', default: false },
  },
});

async function readMeta(path: string): Promise<HeadMeta> {
  return parseHeadMeta(JSON.parse(await readFile(path, 'utf8')));
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

async function main(): Promise<void> {
  const task = taskInfo(values.task);
  const headDir = join(SITE_HEADS, task.id);
  const shipped = await readMeta(join(headDir, 'meta.json'));
  const archive = join(CACHE_ROOT, 'frozen-heads', task.id);
  // The frozen head is the one shipped, or (after an earlier selection shipped a fine-tuned one) its archive.
  const frozenDir = shipped.finetuning ? archive : headDir;
  if (!existsSync(join(frozenDir, 'meta.json')))
    throw new Error(`No frozen ${task.id} head in ${frozenDir}; run npm run train first.`);
  const frozen = await readMeta(join(frozenDir, 'meta.json'));
  const frozenLoss =
    frozen.selection.candidates.find((c) => c.name === frozen.selection.chosen)?.validationLoss ?? Number.NaN;
  const root = join(CACHE_ROOT, 'finetuned');
  const runs = existsSync(root)
    ? (await readdir(root)).filter((r) => existsSync(join(root, r, task.id, 'meta.json')))
    : [];
  if (runs.length === 0)
    throw new Error(
      `No fine-tuning runs for ${task.id} in ${root}; run npm run finetune -- --task ${task.id} --cache-only.`,
    );
  const rows: SweepRun[] = [];
  for (const run of runs) {
    const meta = await readMeta(join(root, run, task.id, 'meta.json'));
    const layers = await trainedLayerNames(
      join(root, run, task.id, meta.finetunedBackbone?.path ?? 'backbone/model.json'),
      meta,
    );
    rows.push(sweepRow(run, meta, layers.length));
  }
  rows.sort((a, b) => a.validationLoss - b.validationLoss);
  const best = rows[0] as SweepRun;
  const limit = Number(values['max-validation-loss-increase']);
  const ship = best.validationLoss <= frozenLoss + limit;
  for (const row of rows) {
    process.stdout.write(
      `${row.validationLoss.toFixed(4)}  ${(row.validationAccuracy * 100).toFixed(1)} %  ${row.run}\n`,
    );
  }
  const decision =
    `Lowest validation loss ${best.validationLoss.toFixed(4)} (${best.run}) vs the frozen head's ${frozenLoss.toFixed(4)}: ` +
    `${ship ? 'ship the fine-tuned model' : 'keep the frozen head'} (rule: ship if no worse by more than ${limit}).`;
  process.stdout.write(`${decision}\n`);
  if (values['dry-run']) return;
  const sweep = {
    rule: `Among ${rows.length} fine-tuning runs, the lowest validation loss; shipped if no worse than the frozen head's by more than ${limit}.`,
    frozenValidationLoss: frozenLoss,
    decision,
    shipped: ship ? best.run : null,
    runs: rows,
  };
  // Choosing the run that already ships (a re-run) keeps its files and its one test scoring; only the sweep updates.
  const alreadyShipped = ship && shipped.sweep?.shipped === best.run;
  const target = alreadyShipped ? headDir : ship ? join(root, best.run, task.id) : frozenDir;
  const meta = { ...(await readMeta(join(target, 'meta.json'))), sweep, trials: shipped.trials ?? frozen.trials };
  if (ship && !shipped.finetuning) {
    await rm(archive, { recursive: true, force: true });
    await mkdir(archive, { recursive: true });
    await cp(headDir, archive, { recursive: true });
  }
  if (target !== headDir) {
    await rm(headDir, { recursive: true, force: true });
    await cp(target, headDir, { recursive: true });
  }
  // Runs cached before the flag existed: the whole backbone trained exactly when the frozen layer is its input.
  if (meta.finetuning && meta.finetuning.augmentedOnTheFly === undefined) {
    meta.finetuning.augmentedOnTheFly = meta.finetuning.frozenLayer === (await inputLayerName(meta.feature.backbone));
  }
  if (ship && !alreadyShipped && meta.finetunedBackbone) {
    const layers = await keepTrainedLayersOnly(headDir, meta);
    meta.finetunedBackbone = layers.length ? { ...meta.finetunedBackbone, layers } : null;
  }
  await writeFile(join(headDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  process.stdout.write(
    `${ship ? `Shipped ${best.run}` : 'Kept the frozen head'} in ${headDir}, with the sweep in meta.json.` +
      `${alreadyShipped ? ' It already shipped: its test scoring is kept.' : ` Run npm run evaluate -- --task ${task.id}.`}\n`,
  );
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
