/**
 * When a fine-tuned model replaces the shipped one: the rules as tested library code, so the CLIs that train and
 * select only parse arguments and call these, and the model card's provenance rests on code with tests.
 */
import type { HeadMeta } from '../core/meta';
import type { FinetuneEpoch } from './finetune';

export interface Decision {
  ship: boolean;
  reason: string;
}

/**
 * The sweep rule (issue 4): the candidate with the lowest validation loss ships if that loss is within
 * `maxIncrease` of the frozen head's. Validation comes from the training folder: it catches damage, nothing more.
 */
export function validationLossRule(candidateLoss: number, frozenLoss: number, maxIncrease: number): Decision {
  if (!Number.isFinite(candidateLoss))
    return { ship: false, reason: `the candidate's validation loss is ${candidateLoss}` };
  const ship = candidateLoss <= frozenLoss + maxIncrease;
  const compare = `validation loss ${candidateLoss.toFixed(4)} against the frozen head's ${frozenLoss.toFixed(4)} (+${maxIncrease} allowed)`;
  return { ship, reason: `${ship ? 'ship' : 'keep frozen'}: ${compare}` };
}

/** The frozen head's validation loss: its chosen candidate's, or NaN when the meta does not list it (never ships). */
export function frozenValidationLoss(frozen: Pick<HeadMeta, 'selection'>): number {
  return frozen.selection.candidates.find((c) => c.name === frozen.selection.chosen)?.validationLoss ?? Number.NaN;
}

/** Runs by validation loss, lowest first; a run whose loss is not finite (a broken run) ranks after every other. */
export function rankByValidationLoss<T extends { validationLoss: number }>(runs: readonly T[]): T[] {
  const key = (run: T) => (Number.isFinite(run.validationLoss) ? run.validationLoss : Number.POSITIVE_INFINITY);
  // Infinity − Infinity is NaN: two broken runs compare equal and keep their order (the sort is stable).
  return [...runs].sort((a, b) => key(a) - key(b) || 0);
}

export interface SweepChoice<T> {
  /** Every run, lowest validation loss first. */
  ranked: T[];
  /** The candidate: the run with the lowest validation loss. */
  best: T;
  /** Whether the candidate replaces the frozen head, by validationLossRule. */
  ship: boolean;
}

/** The sweep's choice: the lowest validation loss is the candidate, and validationLossRule decides if it ships. */
export function chooseFromSweep<T extends { validationLoss: number }>(
  runs: readonly T[],
  frozenLoss: number,
  maxIncrease: number,
): SweepChoice<T> {
  const ranked = rankByValidationLoss(runs);
  const best = ranked[0];
  if (best === undefined) throw new RangeError('A sweep needs at least one run to choose from.');
  return { ranked, best, ship: validationLossRule(best.validationLoss, frozenLoss, maxIncrease).ship };
}

export interface PreregisteredRule {
  /** Epochs the recipe fixed: a run that stopped early did not follow it. */
  epochs: number;
  /** Largest allowed drop of validation AUC below the reference model's. */
  maxDrop: number;
}

/**
 * The pre-registered rule (issue 16): ship unless the run is broken — it did not complete every epoch with finite
 * losses, or its validation AUC is more than maxDrop below the model shipped when the rule was written.
 */
export function preregisteredRule(
  rule: PreregisteredRule,
  history: readonly FinetuneEpoch[],
  candidateAuc: number,
  referenceAuc: number,
): Decision {
  if (history.length < rule.epochs)
    return { ship: false, reason: `the run completed ${history.length} of ${rule.epochs} epochs` };
  const bad = history.find((h) => !Number.isFinite(h.trainLoss) || !Number.isFinite(h.validationLoss));
  if (bad) return { ship: false, reason: `epoch ${bad.epoch} has a non-finite loss` };
  if (!Number.isFinite(candidateAuc)) return { ship: false, reason: `the validation AUC is ${candidateAuc}` };
  const floor = referenceAuc - rule.maxDrop;
  const ship = candidateAuc >= floor;
  const compare = `validation AUC ${candidateAuc.toFixed(4)} against the floor ${floor.toFixed(4)} (reference ${referenceAuc.toFixed(4)} − ${rule.maxDrop})`;
  return { ship, reason: `${ship ? 'ship' : 'do not ship'}: ${compare}` };
}
