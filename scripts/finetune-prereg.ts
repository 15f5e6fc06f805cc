/**
 * Runs a pre-registered fine-tuning experiment: `npm run finetune:prereg -- --recipe experiments/<name>/recipe.json`.
 * Refuses a recipe that is not committed or has changed since; trains exactly what it says (checkpoint every epoch:
 * interrupt it and rerun the same command to resume); applies the pre-registered decision on validation only; writes
 * experiments/<name>/decision.json and, when the rule ships it, the model into public/weights/heads/<task>. The test
 * split is never read here: `npm run evaluate` scores the result once, afterwards.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHeadMeta, type HeadMeta } from '../src/lib/model/core/meta';
import { preregisteredRule } from '../src/lib/model/training/ship-policy';
import { finetuneTask } from '../src/node/finetune-task';
import { weightChangeAgainstImagenet, writeCandidate } from '../src/node/prereg-output';
import { preregistrationCommit, readRecipe } from '../src/node/prereg';
import { CACHE_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: {
    recipe: { type: 'string' },
    data: { type: 'string', default: SHARED_DATA },
  },
});

async function main(): Promise<void> {
  if (!values.recipe) throw new Error('--recipe experiments/<name>/recipe.json is required.');
  const recipePath = resolve(values.recipe);
  const recipe = await readRecipe(recipePath);
  const commit = preregistrationCommit(recipePath);
  const headDir = join(SITE_HEADS, recipe.task.id);
  const work = join(CACHE_ROOT, 'preregistered', recipe.name);
  const baselineDir = join(work, 'baseline');
  // The model shipped when training started is the start and the comparison; kept aside before anything changes.
  if (!existsSync(join(baselineDir, 'meta.json'))) {
    const shipped = parseHeadMeta(JSON.parse(await readFile(join(headDir, 'meta.json'), 'utf8')));
    if (shipped.preregistration?.commit === commit)
      throw new Error(
        `${recipe.name} already ran and shipped; its decision is in ${dirname(recipePath)}/decision.json.`,
      );
    await mkdir(work, { recursive: true });
    await cp(headDir, baselineDir, { recursive: true });
  }
  const baseline: HeadMeta = parseHeadMeta(JSON.parse(await readFile(join(baselineDir, 'meta.json'), 'utf8')));
  process.stderr.write(
    `${recipe.name}: pre-registered at ${commit.slice(0, 7)}; starting from ${baseline.selection.chosen}\n`,
  );
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const { tf } = await nodeRuntime();
  const outcome = await finetuneTask(tf, {
    task: recipe.task,
    dataRoot: values.data,
    backbone: baseline.feature.backbone,
    frozenLayer: recipe.trainFrom,
    cutLayer: baseline.feature.layer,
    variants: recipe.variants,
    augment: recipe.augment,
    params: recipe.params,
    seed: recipe.seed,
    splitSeed: recipe.validation.seed,
    validationFraction: recipe.validation.fraction,
    runDir: join(work, 'run'),
    initialHead: baselineDir,
    initialLayers: baseline.finetunedBackbone ? join(baselineDir, baseline.finetunedBackbone.path) : undefined,
    signal: controller.signal,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const referenceAuc = baseline.metrics.validation.auc?.value ?? Number.NaN;
  const candidateAuc = outcome.validation.auc?.value ?? Number.NaN;
  const decision = preregisteredRule(
    { epochs: recipe.params.epochs, maxDrop: recipe.decision.maxDrop },
    outcome.state.history,
    candidateAuc,
    referenceAuc,
  );
  process.stdout.write(`${decision.reason}\n`);
  const weightChange = await weightChangeAgainstImagenet(tf, baseline.feature.backbone, outcome.upper);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const candidateDir = join(work, 'candidate', recipe.task.id);
  await writeCandidate(tf, candidateDir, {
    recipe,
    recipeFile: values.recipe,
    commit,
    baseline,
    outcome,
    decision,
    referenceAuc,
    weightChange,
    peakRssMb,
  });
  await writeFile(
    join(dirname(recipePath), 'decision.json'),
    `${JSON.stringify(
      {
        recipe: values.recipe,
        preregistrationCommit: commit,
        decision,
        referenceValidationAuc: referenceAuc,
        candidateValidation: outcome.validation,
        history: outcome.state.history,
        weightChange,
        peakRssMb: Math.round(peakRssMb),
        created: new Date().toISOString(),
      },
      null,
      1,
    )}\n`,
  );
  if (decision.ship) {
    await rm(headDir, { recursive: true, force: true });
    await cp(candidateDir, headDir, { recursive: true });
    process.stdout.write(
      `Shipped to ${headDir}. Score it once on test: npm run evaluate -- --task ${recipe.task.id}\n`,
    );
  } else {
    process.stdout.write(
      `Not shipped; kept in ${candidateDir}. Score it once on test: npm run evaluate -- --heads ${dirname(candidateDir)} --task ${recipe.task.id}\n`,
    );
  }
  outcome.dispose();
}

main().catch((error: unknown) => {
  process.stderr.write(`finetune:prereg: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
