/**
 * Fine-tunes MobileNet v1's top blocks with a task's head on augmented scans, on wasm:
 * `npm run finetune -- --task cxr [--frozen conv_pw_11_relu] [--train-from conv_dw_13] [--variants 3] [--epochs 12]`.
 * Starts from the frozen linear head on the last block (trained by npm run train); checkpoints every epoch, resumes.
 * Selection rule, fixed before any test number: ship the fine-tuned model unless its validation loss is worse than
 * the frozen head's by more than 0.01 (validation comes from the training folder and cannot see the shift that
 * augmentation targets, so it is used to catch damage, not to reward the shift's absence).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_AUGMENT } from '../src/lib/model/training/augment';
import { DEFAULT_FINETUNE, trainedLayersModel } from '../src/lib/model/training/finetune';
import { parseHeadMeta, type CandidateResult, type HeadMeta } from '../src/lib/model/core/meta';
import { taskInfo } from '../src/lib/model/core/tasks';
import { finetuneTask } from '../src/node/finetune-task';
import { currentCommit } from '../src/node/git';
import { fileSaver } from '../src/node/model-files';
import { CACHE_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import type { Tf } from '../src/lib/model/core/runtime';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'cxr' },
    data: { type: 'string', default: SHARED_DATA },
    frozen: { type: 'string', default: 'conv_pw_11_relu' },
    'train-from': { type: 'string' },
    start: { type: 'string' },
    'cache-only': { type: 'boolean', default: false },
    variants: { type: 'string', default: '3' },
    epochs: { type: 'string', default: String(DEFAULT_FINETUNE.epochs) },
    seed: { type: 'string', default: '7' },
    'max-validation-loss-increase': { type: 'string', default: '0.01' },
    'head-lr': { type: 'string', default: String(DEFAULT_FINETUNE.headLearningRate) },
    'backbone-lr': { type: 'string', default: String(DEFAULT_FINETUNE.backboneLearningRate) },
    patience: { type: 'string', default: String(DEFAULT_FINETUNE.patience) },
  },
});

async function main(): Promise<void> {
  const task = taskInfo(values.task);
  const headDir = join(SITE_HEADS, task.id);
  const shipped = parseHeadMeta(JSON.parse(await readFile(join(headDir, 'meta.json'), 'utf8')));
  // Once a fine-tuned model ships, the frozen head it replaced is the one archived by the selection.
  const archived = join(CACHE_ROOT, 'frozen-heads', task.id, 'meta.json');
  if (shipped.finetuning && !existsSync(archived)) {
    throw new Error(
      `${headDir} holds a fine-tuned head and no frozen head is archived in ${archived}; retrain the frozen head first (npm run train).`,
    );
  }
  const frozen = shipped.finetuning ? parseHeadMeta(JSON.parse(await readFile(archived, 'utf8'))) : shipped;
  // Fine-tuning starts from a frozen-feature head on MobileNet v1's last block as trained by npm run train: by
  // default the one the frozen selection chose, so the comparison is the same head with and without fine-tuning.
  const startName = values.start ?? frozen.selection.chosen;
  const start = frozen.selection.candidates.find((c) => c.name === startName);
  const startDir = join(CACHE_ROOT, 'runs', task.id, `seed${values.seed}`, startName);
  if (!start || !existsSync(join(startDir, 'model.json')))
    throw new Error(`Run npm run train -- --task ${task.id} first (${startName} is missing).`);
  if (!start.feature.backbone.startsWith('mobilenet_v1'))
    throw new Error(`${startName} is not on MobileNet v1; pass --start with a v1 candidate.`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const { tf } = await nodeRuntime();
  const params = {
    ...DEFAULT_FINETUNE,
    epochs: Number(values.epochs),
    headLearningRate: Number(values['head-lr']),
    backboneLearningRate: Number(values['backbone-lr']),
    patience: Number(values.patience),
  };
  const trainableFrom = values['train-from'];
  const depth = trainableFrom ? `${values.frozen}-from-${trainableFrom}` : values.frozen;
  const startTag = startName === 'v1-pw13-linear' ? '' : `-${startName}`;
  const runName = `seed${values.seed}${startTag}-${depth}-v${values.variants}-lr${params.headLearningRate}-${params.backboneLearningRate}`;
  const runDir = join(CACHE_ROOT, 'runs', `finetune-${task.id}`, runName);
  const outcome = await finetuneTask(tf, {
    task,
    dataRoot: values.data,
    backbone: start.feature.backbone,
    frozenLayer: values.frozen,
    trainableFrom,
    cutLayer: start.feature.layer,
    variants: Number(values.variants),
    augment: DEFAULT_AUGMENT,
    params,
    seed: Number(values.seed),
    validationFraction: task.dataset === 'oct' ? 0.25 : 0.15,
    runDir,
    initialHead: startDir,
    signal: controller.signal,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const frozenLoss =
    frozen.selection.candidates.find((c) => c.name === frozen.selection.chosen)?.validationLoss ?? Number.NaN;
  const tunedLoss = outcome.state.best.loss;
  const ship = tunedLoss <= frozenLoss + Number(values['max-validation-loss-increase']);
  process.stdout.write(
    `validation loss: frozen ${frozenLoss.toFixed(4)}, fine-tuned ${tunedLoss.toFixed(4)} → ${ship ? 'ship fine-tuned' : 'keep frozen'}\n`,
  );
  // Always kept in the cache (to be reported whatever the rule decided); shipped only when the rule says so.
  const kept = join(CACHE_ROOT, 'finetuned', runName);
  await writeFinetuned(tf, join(kept, task.id), frozen, start, outcome, params);
  process.stdout.write(`Fine-tuned model kept in ${kept} (npm run evaluate -- --heads ${kept} --task ${task.id}).\n`);
  if (ship && values['cache-only'])
    process.stdout.write('--cache-only: not shipped; npm run finetune:select compares the runs.\n');
  if (ship && !values['cache-only']) {
    const archive = join(CACHE_ROOT, 'frozen-heads', frozen.task);
    if (!shipped.finetuning) {
      await rm(archive, { recursive: true, force: true });
      await mkdir(archive, { recursive: true });
      await cp(headDir, archive, { recursive: true });
    }
    await rm(headDir, { recursive: true, force: true });
    await cp(join(kept, task.id), headDir, { recursive: true });
    process.stdout.write(`Shipped to ${headDir}; the frozen head is archived in ${archive}. Run npm run evaluate.\n`);
  }
  outcome.dispose();
}

async function writeFinetuned(
  tf: Tf,
  headDir: string,
  frozen: HeadMeta,
  start: CandidateResult,
  outcome: Awaited<ReturnType<typeof finetuneTask>>,
  params: typeof DEFAULT_FINETUNE,
): Promise<void> {
  await rm(headDir, { recursive: true, force: true });
  await outcome.head.save(fileSaver(headDir));
  const shipped = trainedLayersModel(tf, outcome.upper, values['train-from']);
  await shipped?.save(fileSaver(join(headDir, 'backbone')));
  const layers = shipped?.layers.filter((l) => l.getWeights().length > 0).map((l) => l.name) ?? [];
  const tunedName = `${start.name}+finetune-${values['train-from'] ?? values.frozen}`;
  const meta: HeadMeta = {
    ...frozen,
    feature: start.feature,
    head: start.head,
    finetunedBackbone: layers.length ? { path: 'backbone/model.json', layers } : null,
    training: { ...frozen.training, bestEpoch: outcome.state.best.epoch },
    selection: {
      rule:
        `${frozen.selection.rule} Then: the top blocks above ${values.frozen} are fine-tuned with augmentation; the fine-tuned ` +
        `model is shipped unless its validation loss exceeds the frozen head's by more than ${values['max-validation-loss-increase']}.`,
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
    },
    baseline: {
      name: frozen.selection.chosen,
      feature: frozen.feature,
      validation: frozen.metrics.validation,
      test: frozen.metrics.test,
    },
    finetuning: {
      frozenLayer: values.frozen,
      ...(values['train-from'] ? { trainableFrom: values['train-from'] } : {}),
      params,
      bestEpoch: outcome.state.best.epoch,
      epochsRun: outcome.state.epoch,
      augment: { ...DEFAULT_AUGMENT },
      variants: Number(values.variants),
      augmentedOnTheFly: outcome.wholeBackbone,
      batchNorm: 'frozen: ImageNet moving statistics and affine terms kept, inference mode during training',
      history: outcome.state.history,
    },
    metrics: { validation: outcome.validation, test: null },
    data: { ...frozen.data, unreadable: [...new Set([...frozen.data.unreadable, ...outcome.unreadable])] },
    created: new Date().toISOString(),
    commit: currentCommit(),
  };
  await writeFile(join(headDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  process.stdout.write(`Wrote fine-tuned ${frozen.task} head and ${layers.length} backbone layers to ${headDir}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`finetune: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
