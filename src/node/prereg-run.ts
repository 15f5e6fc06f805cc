/**
 * Node-only: the steps of a pre-registered fine-tuning run that are not training: where it keeps its files, the
 * baseline it keeps aside before anything changes, the fine-tuning options its recipe fixes, and the decision its
 * pre-registered rule makes on validation. Paths are explicit, so nothing here reads the CLI's arguments.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HeadMeta } from '../lib/model/core/meta';
import { preregisteredRule, type Decision } from '../lib/model/training/ship-policy';
import type { FinetuneOutcome, FinetuneTaskOptions } from './finetune-task';
import type { Recipe } from './prereg';
import { readHeadMeta } from './ship';

export interface PreregLayout {
  /** The shipped head's folder, replaced when the rule ships. */
  headDir: string;
  /** The experiment's working folder in the cache. */
  work: string;
  /** The model shipped when training started: the start and the comparison. */
  baselineDir: string;
  /** Checkpoints. */
  runDir: string;
  /** The trained model, kept whatever the decision. */
  candidateDir: string;
  /** The recipe's folder (experiments/<name>), where decision.json goes. */
  experimentDir: string;
}

export function preregLayout(headsRoot: string, cacheRoot: string, recipe: Recipe, recipePath: string): PreregLayout {
  const work = join(cacheRoot, 'preregistered', recipe.name);
  return {
    headDir: join(headsRoot, recipe.task.id),
    work,
    baselineDir: join(work, 'baseline'),
    runDir: join(work, 'run'),
    candidateDir: join(work, 'candidate', recipe.task.id),
    experimentDir: dirname(recipePath),
  };
}

/**
 * The baseline: on the first run, a copy of the shipped head (refused if that head is this experiment's own result,
 * i.e. it already ran and shipped); on a resumed run, the copy made then.
 */
export async function keepBaseline(layout: PreregLayout, recipe: Recipe, commit: string): Promise<HeadMeta> {
  if (!existsSync(join(layout.baselineDir, 'meta.json'))) {
    const shipped = await readHeadMeta(layout.headDir);
    if (shipped.preregistration?.commit === commit)
      throw new Error(
        `${recipe.name} already ran and shipped; its decision is in ${layout.experimentDir}/decision.json.`,
      );
    await mkdir(layout.work, { recursive: true });
    await cp(layout.headDir, layout.baselineDir, { recursive: true });
  }
  return readHeadMeta(layout.baselineDir);
}

/** Exactly what the recipe fixes, starting from the baseline's head and fine-tuned layers. */
export function recipeTaskOptions(
  recipe: Recipe,
  baseline: HeadMeta,
  layout: PreregLayout,
  run: { dataRoot: string; signal: AbortSignal; log: (line: string) => void },
): FinetuneTaskOptions {
  return {
    task: recipe.task,
    dataRoot: run.dataRoot,
    backbone: baseline.feature.backbone,
    frozenLayer: recipe.trainFrom,
    cutLayer: baseline.feature.layer,
    variants: recipe.variants,
    augment: recipe.augment,
    params: recipe.params,
    seed: recipe.seed,
    splitSeed: recipe.validation.seed,
    validationFraction: recipe.validation.fraction,
    runDir: layout.runDir,
    initialHead: layout.baselineDir,
    initialLayers: baseline.finetunedBackbone ? join(layout.baselineDir, baseline.finetunedBackbone.path) : undefined,
    signal: run.signal,
    log: run.log,
  };
}

/** The pre-registered rule on validation: the candidate's AUC against the baseline's (NaN when either lacks one). */
export function preregisteredDecision(
  recipe: Recipe,
  baseline: HeadMeta,
  outcome: FinetuneOutcome,
): { decision: Decision; referenceAuc: number } {
  const referenceAuc = baseline.metrics.validation.auc?.value ?? Number.NaN;
  const candidateAuc = outcome.validation.auc?.value ?? Number.NaN;
  const decision = preregisteredRule(
    { epochs: recipe.params.epochs, maxDrop: recipe.decision.maxDrop },
    outcome.state.history,
    candidateAuc,
    referenceAuc,
  );
  return { decision, referenceAuc };
}
