/**
 * Operating points: counts at any threshold from scores sorted once (the ROC widget asks this on every drag), the
 * threshold that reaches a target sensitivity on VALIDATION scores (then applied to test, the honest comparison
 * with a published figure), and predictive values at any prevalence.
 */
import { specificityAtSensitivity, wilson, type Estimate } from './metrics';

export interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Positive and negative scores, each sorted ascending, for counting at any threshold in O(log n). */
export interface ScoreTable {
  positives: Float64Array;
  negatives: Float64Array;
}

export function scoreTable(scores: readonly number[], isPositive: readonly boolean[]): ScoreTable {
  if (scores.length !== isPositive.length) throw new Error('scores and labels differ in length');
  const pick = (want: boolean): Float64Array =>
    Float64Array.from(scores.filter((_, i) => isPositive[i] === want)).sort();
  return { positives: pick(true), negatives: pick(false) };
}

/** How many of the sorted values are below `threshold`. */
function below(sorted: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts when a score ≥ threshold is called positive (the rule of binaryReport and the evaluate CLI). */
export function countsAt(table: ScoreTable, threshold: number): Counts {
  const fn = below(table.positives, threshold);
  const tn = below(table.negatives, threshold);
  return { tp: table.positives.length - fn, fn, tn, fp: table.negatives.length - tn };
}

export interface Rates {
  accuracy: Estimate;
  sensitivity: Estimate;
  specificity: Estimate;
  /** At the test set's own prevalence. */
  ppv: Estimate;
  npv: Estimate;
}

/** The rates of a confusion, each with its Wilson interval. */
export function ratesOf(c: Counts): Rates {
  return {
    accuracy: wilson(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    sensitivity: wilson(c.tp, c.tp + c.fn),
    specificity: wilson(c.tn, c.tn + c.fp),
    ppv: wilson(c.tp, c.tp + c.fp),
    npv: wilson(c.tn, c.tn + c.fn),
  };
}

/**
 * Predictive values at prevalence π (Bayes): PPV = sens·π / (sens·π + (1 − spec)(1 − π)),
 * NPV = spec(1 − π) / (spec(1 − π) + (1 − sens)π). NaN where a denominator is 0.
 */
export function predictiveValues(
  sensitivity: number,
  specificity: number,
  prevalence: number,
): { ppv: number; npv: number } {
  if (!(prevalence >= 0 && prevalence <= 1)) throw new RangeError(`Prevalence must be in [0, 1], got ${prevalence}.`);
  const truePos = sensitivity * prevalence;
  const falsePos = (1 - specificity) * (1 - prevalence);
  const trueNeg = specificity * (1 - prevalence);
  const falseNeg = (1 - sensitivity) * prevalence;
  return {
    ppv: truePos + falsePos === 0 ? Number.NaN : truePos / (truePos + falsePos),
    npv: trueNeg + falseNeg === 0 ? Number.NaN : trueNeg / (trueNeg + falseNeg),
  };
}

export interface HonestOperatingPoint {
  target: number;
  /** Chosen on validation: the highest threshold whose validation sensitivity reaches the target. */
  threshold: number;
  validation: { sensitivity: Estimate; specificity: Estimate };
  /** That threshold applied to the test scores, once. */
  test: { sensitivity: Estimate; specificity: Estimate; counts: Counts };
}

/**
 * The operating point done honestly: the threshold for `target` sensitivity is read off the validation ROC, then the
 * test scores are called at it. Only the validation scores are looked at to choose. Null if unreachable.
 */
export function validationChosenPoint(
  validation: { scores: readonly number[]; isPositive: readonly boolean[] },
  test: ScoreTable,
  target: number,
): HonestOperatingPoint | null {
  const chosen = specificityAtSensitivity(validation.scores, validation.isPositive, target);
  if (!chosen) return null;
  const counts = countsAt(test, chosen.threshold);
  const rates = ratesOf(counts);
  return {
    target,
    threshold: chosen.threshold,
    validation: { sensitivity: chosen.sensitivity, specificity: chosen.specificity },
    test: { sensitivity: rates.sensitivity, specificity: rates.specificity, counts },
  };
}

/**
 * PPV and NPV at a prevalence with the range the sensitivity and specificity intervals allow (both rise with each):
 * the ends of the two Wilson intervals put together, not a 95 % interval of its own.
 */
export function predictiveRange(
  sensitivity: Estimate,
  specificity: Estimate,
  prevalence: number,
): { ppv: Estimate; npv: Estimate } {
  const mid = predictiveValues(sensitivity.value, specificity.value, prevalence);
  const low = predictiveValues(sensitivity.low, specificity.low, prevalence);
  const high = predictiveValues(sensitivity.high, specificity.high, prevalence);
  return {
    ppv: { value: mid.ppv, low: low.ppv, high: high.ppv },
    npv: { value: mid.npv, low: low.npv, high: high.npv },
  };
}

/** Per `per` people at a prevalence: how many the test finds, misses, and falsely alarms (rounded for reading). */
export function naturalFrequencies(
  sensitivity: number,
  specificity: number,
  prevalence: number,
  per = 1000,
): { sick: number; found: number; missed: number; falseAlarms: number; cleared: number } {
  const sick = per * prevalence;
  const well = per - sick;
  return {
    sick,
    found: sick * sensitivity,
    missed: sick * (1 - sensitivity),
    falseAlarms: well * (1 - specificity),
    cleared: well * specificity,
  };
}
