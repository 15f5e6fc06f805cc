/**
 * Fine-tunes MobileNet v1's top blocks with a task's head on augmented scans, on wasm:
 * `npm run finetune -- --task cxr [--frozen conv_pw_11_relu] [--train-from conv_dw_13] [--variants 3] [--epochs 12]`.
 * Starts from the frozen linear head on the last block (trained by npm run train); checkpoints every epoch, resumes.
 * Selection rule, fixed before any test number: ship the fine-tuned model unless its validation loss is worse than
 * the frozen head's by more than 0.01 (validation comes from the training folder and cannot see the shift that
 * augmentation targets, so it is used to catch damage, not to reward the shift's absence). The rule is
 * validationLossRule (src/lib/model/training/ship-policy.ts); archiving and shipping are src/node/ship.ts.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_AUGMENT } from '../src/lib/model/training/augment';
import { DEFAULT_FINETUNE } from '../src/lib/model/training/finetune';
import type { CandidateResult } from '../src/lib/model/core/meta';
import { taskInfo, type TaskInfo } from '../src/lib/model/core/tasks';
import { frozenValidationLoss, validationLossRule } from '../src/lib/model/training/ship-policy';
import { finetuneRunName, startCandidate, writeFinetuned, type FinetuneRecipe } from '../src/node/finetune-candidate';
import type { FinetuneTaskOptions } from '../src/node/finetune-task';
import { finetuneTask } from '../src/node/finetune-task';
import { CACHE_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { readFrozenHead, shipCandidate, shipPaths } from '../src/node/ship';

interface Cli {
  task: string;
  data: string;
  start?: string;
  cacheOnly: boolean;
  recipe: FinetuneRecipe;
}

function parseCli(args: string[]): Cli {
  const { values } = parseArgs({
    args,
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
  const recipe: FinetuneRecipe = {
    frozenLayer: values.frozen,
    trainFrom: values['train-from'],
    variants: Number(values.variants),
    seed: Number(values.seed),
    augment: DEFAULT_AUGMENT,
    params: {
      ...DEFAULT_FINETUNE,
      epochs: Number(values.epochs),
      headLearningRate: Number(values['head-lr']),
      backboneLearningRate: Number(values['backbone-lr']),
      patience: Number(values.patience),
    },
    maxValidationLossIncrease: Number(values['max-validation-loss-increase']),
  };
  return { task: values.task, data: values.data, start: values.start, cacheOnly: values['cache-only'], recipe };
}

interface RunPlan {
  task: TaskInfo;
  dataRoot: string;
  start: CandidateResult;
  startDir: string;
  runDir: string;
  recipe: FinetuneRecipe;
  signal: AbortSignal;
}

function taskOptions(plan: RunPlan): FinetuneTaskOptions {
  const { task, recipe, start } = plan;
  return {
    task,
    dataRoot: plan.dataRoot,
    backbone: start.feature.backbone,
    frozenLayer: recipe.frozenLayer,
    trainableFrom: recipe.trainFrom,
    cutLayer: start.feature.layer,
    variants: recipe.variants,
    augment: recipe.augment,
    params: recipe.params,
    seed: recipe.seed,
    validationFraction: task.dataset === 'oct' ? 0.25 : 0.15,
    runDir: plan.runDir,
    initialHead: plan.startDir,
    signal: plan.signal,
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const task = taskInfo(cli.task);
  const paths = shipPaths(SITE_HEADS, CACHE_ROOT, task.id);
  // Once a fine-tuned model ships, the frozen head it replaced is the one archived (refused if none is).
  const { frozen } = await readFrozenHead(paths);
  // Fine-tuning starts from a frozen-feature head on MobileNet v1's last block as trained by npm run train: by
  // default the one the frozen selection chose, so the comparison is the same head with and without fine-tuning.
  const startName = cli.start ?? frozen.selection.chosen;
  const startDir = join(CACHE_ROOT, 'runs', task.id, `seed${cli.recipe.seed}`, startName);
  const start = startCandidate(frozen, startName, startDir, task.id);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const { tf } = await nodeRuntime();
  const runName = finetuneRunName(cli.recipe, startName);
  const runDir = join(CACHE_ROOT, 'runs', `finetune-${task.id}`, runName);
  const plan = { task, dataRoot: cli.data, start, startDir, runDir, recipe: cli.recipe, signal: controller.signal };
  const outcome = await finetuneTask(tf, taskOptions(plan));
  const frozenLoss = frozenValidationLoss(frozen);
  const tunedLoss = outcome.state.best.loss;
  const { ship } = validationLossRule(tunedLoss, frozenLoss, cli.recipe.maxValidationLossIncrease);
  process.stdout.write(
    `validation loss: frozen ${frozenLoss.toFixed(4)}, fine-tuned ${tunedLoss.toFixed(4)} → ${ship ? 'ship fine-tuned' : 'keep frozen'}\n`,
  );
  // Always kept in the cache (to be reported whatever the rule decided); shipped only when the rule says so.
  const kept = join(CACHE_ROOT, 'finetuned', runName);
  const layers = await writeFinetuned(tf, join(kept, task.id), { frozen, start, outcome, recipe: cli.recipe });
  process.stdout.write(
    `Wrote fine-tuned ${frozen.task} head and ${layers.length} backbone layers to ${join(kept, task.id)}.\n`,
  );
  process.stdout.write(`Fine-tuned model kept in ${kept} (npm run evaluate -- --heads ${kept} --task ${task.id}).\n`);
  if (ship && cli.cacheOnly)
    process.stdout.write('--cache-only: not shipped; npm run finetune:select compares the runs.\n');
  if (ship && !cli.cacheOnly) {
    await shipCandidate(paths, join(kept, task.id));
    process.stdout.write(
      `Shipped to ${paths.headDir}; the frozen head is archived in ${paths.archiveDir}. Run npm run evaluate.\n`,
    );
  }
  outcome.dispose();
}

main().catch((error: unknown) => {
  process.stderr.write(`finetune: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
