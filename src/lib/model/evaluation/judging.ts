/**
 * One binary head's test and validation scores prepared for judging it: positive-class scores, the sorted table the
 * threshold drag counts from, the test ROC with its DeLong AUC, and the two operating points for Kermany's
 * sensitivity — chosen on validation and applied to test (honest), and read off the test ROC (optimistic).
 */
import { OPERATING_SENSITIVITY } from './evaluate';
import { rocAuc, rocCurve, specificityAtSensitivity, type Estimate } from './metrics';
import {
  countsAt,
  ratesOf,
  scoreTable,
  validationChosenPoint,
  type Counts,
  type HonestOperatingPoint,
  type Rates,
  type ScoreTable,
} from './operating';
import { positiveIndices, positiveScores, type ScoreFile, type ScoreRow } from './scores';

export interface BinaryJudging {
  positive: number[];
  test: { rows: readonly ScoreRow[]; scores: number[]; isPositive: boolean[]; table: ScoreTable };
  validation: { scores: number[]; isPositive: boolean[] };
  curve: { fpr: number; tpr: number; threshold: number }[];
  auc: Estimate;
  /** Threshold for the target sensitivity chosen on validation, then applied to test. */
  honest: HonestOperatingPoint | null;
  /** The same target read off the test ROC: a number no threshold chosen in advance would give. */
  optimistic: { threshold: number; sensitivity: Estimate; specificity: Estimate } | null;
}

export function judgeBinary(
  classes: readonly string[],
  positiveNames: readonly string[],
  test: ScoreFile,
  validation: ScoreFile,
  target = OPERATING_SENSITIVITY,
): BinaryJudging {
  const positive = positiveIndices(classes, positiveNames);
  const t = positiveScores(test.rows, positive);
  const v = positiveScores(validation.rows, positive);
  const table = scoreTable(t.scores, t.isPositive);
  return {
    positive,
    test: { rows: test.rows, ...t, table },
    validation: v,
    curve: rocCurve(t.scores, t.isPositive),
    auc: rocAuc(t.scores, t.isPositive),
    honest: validationChosenPoint(v, table, target),
    optimistic: specificityAtSensitivity(t.scores, t.isPositive, target),
  };
}

/** Counts and rates at a threshold (the threshold drag). */
export function judgeAt(j: BinaryJudging, threshold: number): { counts: Counts; rates: Rates } {
  const counts = countsAt(j.test.table, threshold);
  return { counts, rates: ratesOf(counts) };
}

/** Which confusion cell a test row falls in at a threshold. */
export function cellOf(score: number, isPositive: boolean, threshold: number): 'tp' | 'fn' | 'fp' | 'tn' {
  const called = score >= threshold;
  if (isPositive) return called ? 'tp' : 'fn';
  return called ? 'fp' : 'tn';
}
