/**
 * When a fine-tuned model replaces the shipped one: the rules as tested library code, so the CLIs that train and
 * select only parse arguments and call these, and the model card's provenance rests on code with tests.
 */
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
