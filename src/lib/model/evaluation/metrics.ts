/**
 * Diagnostic metrics with 95 % confidence intervals: proportions by Wilson's score interval, ROC AUC by DeLong's
 * variance (the standard for a single AUC), and Kermany's weighted error for OCT. Plain numbers in, plain numbers out.
 */

export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** Numerator and denominator for proportions; absent for AUC. */
  count?: number;
  total?: number;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials (NaN when n = 0). */
export function wilson(k: number, n: number): Estimate {
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN, count: 0, total: 0 };
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), count: k, total: n };
}

/** confusion[t][p] = how many of true class t were predicted as class p. */
export function confusionMatrix(truth: readonly number[], predicted: readonly number[], classes: number): number[][] {
  if (truth.length !== predicted.length) throw new Error('truth and predicted differ in length');
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => {
    const row = matrix[t];
    const p = predicted[i] as number;
    if (!row || p < 0 || p >= classes) throw new Error(`class index out of range at ${i}`);
    row[p] = (row[p] ?? 0) + 1;
  });
  return matrix;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Mid-rank placement: 1 if the positive scores higher, 0.5 on a tie, 0 below. */
function placement(positive: number, negative: number): number {
  if (positive > negative) return 1;
  return positive === negative ? 0.5 : 0;
}

/**
 * ROC AUC of scores for positives vs negatives, with DeLong et al. (1988) variance and a 95 % interval
 * (logit-free normal interval, clipped to [0, 1]).
 */
export function rocAuc(scores: readonly number[], isPositive: readonly boolean[]): Estimate {
  const pos = scores.filter((_, i) => isPositive[i]);
  const neg = scores.filter((_, i) => !isPositive[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  const v10 = pos.map((x) => neg.reduce((sum, y) => sum + placement(x, y), 0) / n);
  const v01 = neg.map((y) => pos.reduce((sum, x) => sum + placement(x, y), 0) / m);
  const auc = v10.reduce((a, b) => a + b, 0) / m;
  const variance = (values: number[]): number =>
    values.length < 2 ? 0 : values.reduce((s, v) => s + (v - auc) ** 2, 0) / (values.length - 1);
  const se = Math.sqrt(variance(v10) / m + variance(v01) / n);
  return { value: auc, low: Math.max(0, auc - Z95 * se), high: Math.min(1, auc + Z95 * se) };
}

/** ROC curve points (false-positive rate, true-positive rate), one per distinct threshold, from (0,0) to (1,1). */
export function rocCurve(
  scores: readonly number[],
  isPositive: readonly boolean[],
): { fpr: number; tpr: number; threshold: number }[] {
  const order = scores.map((s, i) => ({ s, p: isPositive[i] === true })).sort((a, b) => b.s - a.s);
  const positives = order.filter((o) => o.p).length;
  const negatives = order.length - positives;
  const points = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let tp = 0;
  let fp = 0;
  order.forEach((o, i) => {
    if (o.p) tp++;
    else fp++;
    if (i === order.length - 1 || (order[i + 1] as { s: number }).s !== o.s) {
      points.push({ fpr: negatives ? fp / negatives : 0, tpr: positives ? tp / positives : 0, threshold: o.s });
    }
  });
  return points;
}

/**
 * The best specificity the scores allow while sensitivity stays at or above `minSensitivity`: a point read off the
 * ROC curve (how Kermany et al.'s operating point is compared), not a threshold anyone ships. Null if unreachable.
 */
export function specificityAtSensitivity(
  scores: readonly number[],
  isPositive: readonly boolean[],
  minSensitivity: number,
): { minSensitivity: number; sensitivity: Estimate; specificity: Estimate; threshold: number } | null {
  const positives = isPositive.filter(Boolean).length;
  const negatives = isPositive.length - positives;
  const reachable = rocCurve(scores, isPositive).filter((p) => p.tpr >= minSensitivity - 1e-12);
  if (reachable.length === 0 || positives === 0 || negatives === 0) return null;
  const best = reachable.reduce((a, b) => (b.fpr < a.fpr ? b : a));
  return {
    minSensitivity,
    sensitivity: wilson(Math.round(best.tpr * positives), positives),
    specificity: wilson(Math.round((1 - best.fpr) * negatives), negatives),
    threshold: best.threshold,
  };
}

export interface BinaryReport {
  accuracy: Estimate;
  sensitivity: Estimate;
  specificity: Estimate;
  auc: Estimate;
  /** [[TN, FP], [FN, TP]] */
  confusion: number[][];
  threshold: number;
}

/** Binary metrics at a probability threshold for the positive class. */
export function binaryReport(
  positiveScores: readonly number[],
  isPositive: readonly boolean[],
  threshold = 0.5,
): BinaryReport {
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  positiveScores.forEach((score, i) => {
    const called = score >= threshold;
    if (isPositive[i]) {
      if (called) tp++;
      else fn++;
    } else if (called) fp++;
    else tn++;
  });
  return {
    accuracy: wilson(tp + tn, positiveScores.length),
    sensitivity: wilson(tp, tp + fn),
    specificity: wilson(tn, tn + fp),
    auc: rocAuc(positiveScores, isPositive),
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
    threshold,
  };
}

/**
 * Kermany et al.'s weighted error for OCT: an urgent case (CNV, DME) called normal costs 4, called drusen 2, any
 * other error 1; divided by the number of cases (lower is better).
 */
export function kermanyWeightedError(confusion: readonly (readonly number[])[], classes: readonly string[]): number {
  const urgent = new Set(['CNV', 'DME']);
  let cost = 0;
  let total = 0;
  confusion.forEach((row, t) =>
    row.forEach((count, p) => {
      total += count;
      if (t === p) return;
      const truth = classes[t] ?? '';
      const called = classes[p] ?? '';
      const weight = urgent.has(truth) && called === 'NORMAL' ? 4 : urgent.has(truth) && called === 'DRUSEN' ? 2 : 1;
      cost += weight * count;
    }),
  );
  return total === 0 ? Number.NaN : cost / total;
}
