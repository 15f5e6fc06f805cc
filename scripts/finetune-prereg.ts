/**
 * Runs a pre-registered fine-tuning experiment: `npm run finetune:prereg -- --recipe experiments/<name>/recipe.json`.
 * Refuses a recipe that is not committed or has changed since; trains exactly what it says (checkpoint every epoch:
 * interrupt it and rerun the same command to resume); applies the pre-registered decision on validation only; writes
 * experiments/<name>/decision.json and, when the rule ships it, the model into public/weights/heads/<task>. The test
 * split is never read here: `npm run evaluate` scores the result once, afterwards.
 */
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { finetuneTask } from '../src/node/finetune-task';
import { weightChangeAgainstImagenet, writeCandidate, writeDecision } from '../src/node/prereg-output';
import { preregistrationCommit, readRecipe } from '../src/node/prereg';
import { keepBaseline, preregLayout, preregisteredDecision, recipeTaskOptions } from '../src/node/prereg-run';
import { CACHE_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { replaceHead } from '../src/node/ship';

function parseCli(args: string[]): { recipe?: string; data: string } {
  const { values } = parseArgs({
    args,
    options: {
      recipe: { type: 'string' },
      data: { type: 'string', default: SHARED_DATA },
    },
  });
  return { recipe: values.recipe, data: values.data };
}

/** Aborted on Ctrl-C or a termination: the run stops at the next batch and resumes from its last checkpoint. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  return controller.signal;
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  if (!cli.recipe) throw new Error('--recipe experiments/<name>/recipe.json is required.');
  const recipePath = resolve(cli.recipe);
  const recipe = await readRecipe(recipePath);
  const commit = preregistrationCommit(recipePath);
  const layout = preregLayout(SITE_HEADS, CACHE_ROOT, recipe, recipePath);
  // The model shipped when training started is the start and the comparison; kept aside before anything changes.
  const baseline = await keepBaseline(layout, recipe, commit);
  process.stderr.write(
    `${recipe.name}: pre-registered at ${commit.slice(0, 7)}; starting from ${baseline.selection.chosen}\n`,
  );
  const signal = interruptSignal();
  const { tf } = await nodeRuntime();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const outcome = await finetuneTask(
    tf,
    recipeTaskOptions(recipe, baseline, layout, { dataRoot: cli.data, signal, log }),
  );
  const { decision, referenceAuc } = preregisteredDecision(recipe, baseline, outcome);
  process.stdout.write(`${decision.reason}\n`);
  const weightChange = await weightChangeAgainstImagenet(tf, baseline.feature.backbone, outcome.upper);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const record = {
    recipe,
    recipeFile: cli.recipe,
    commit,
    baseline,
    outcome,
    decision,
    referenceAuc,
    weightChange,
    peakRssMb,
  };
  await writeCandidate(tf, layout.candidateDir, record);
  await writeDecision(join(layout.experimentDir, 'decision.json'), record);
  const { headDir, candidateDir } = layout;
  if (decision.ship) {
    await replaceHead(candidateDir, headDir);
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
