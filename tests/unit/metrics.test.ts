import { describe, expect, test } from 'vitest';
import {
  argmax,
  binaryReport,
  confusionMatrix,
  kermanyWeightedError,
  rocAuc,
  rocCurve,
  specificityAtSensitivity,
  wilson,
} from '../../src/lib/model/evaluation/metrics';

const OCT = ['CNV', 'DME', 'DRUSEN', 'NORMAL'];

/** A 4 × 4 confusion matrix (rows: the true class, columns: the call), zero but for the [row, column, count] cells. */
function confusion4(...cells: [row: number, column: number, count: number][]): number[][] {
  const matrix = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  for (const [row, column, count] of cells) matrix[row]![column] = count;
  return matrix;
}

describe('wilson', () => {
  test('8 of 10 matches the published Wilson interval [0.490, 0.943]', () => {
    const e = wilson(8, 10);
    expect(e.value).toBe(0.8);
    expect(e.low).toBeCloseTo(0.4902, 3);
    expect(e.high).toBeCloseTo(0.9433, 3);
    expect(e.count).toBe(8);
    expect(e.total).toBe(10);
  });

  test('0 of 10 and 10 of 10 are clipped to [0, 1] with the known bounds', () => {
    const none = wilson(0, 10);
    expect(none.value).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 3);
    const all = wilson(10, 10);
    expect(all.low).toBeCloseTo(0.7225, 3);
    expect(all.high).toBeCloseTo(1, 12);
  });

  test('5 of 10 is symmetric around 0.5', () => {
    const e = wilson(5, 10);
    expect(e.low).toBeCloseTo(0.2366, 3);
    expect(e.high).toBeCloseTo(0.7634, 3);
    expect(e.low + e.high).toBeCloseTo(1, 10);
  });

  test('the interval narrows as n grows at the same proportion', () => {
    const small = wilson(8, 10);
    const large = wilson(800, 1000);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(large.low).toBeLessThan(0.8);
    expect(large.high).toBeGreaterThan(0.8);
  });

  test('n = 0 gives NaN, not a division error', () => {
    const e = wilson(0, 0);
    expect(e.value).toBeNaN();
    expect(e.low).toBeNaN();
    expect(e.high).toBeNaN();
    expect(e.total).toBe(0);
  });
});

describe('rocAuc', () => {
  test('perfect separation is 1, reversed is 0', () => {
    const pos = [true, true, false, false];
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], pos).value).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], pos).value).toBe(0);
  });

  test('all scores tied is 0.5', () => {
    expect(rocAuc([0.3, 0.3, 0.3, 0.3, 0.3], [true, false, true, false, false]).value).toBe(0.5);
  });

  test('hand-computed 3 positives + 3 negatives: AUC 7/9 with the DeLong interval', () => {
    // Positives 0.9, 0.6, 0.4; negatives 0.7, 0.3, 0.2. Pairs won: 3 + 2 + 2 = 7 of 9.
    // V10 = [1, 2/3, 2/3] (var 1/27), V01 = [1/3, 1, 1] (var 4/27); SE = sqrt(1/81 + 4/81) = sqrt(5)/9.
    const scores = [0.9, 0.6, 0.4, 0.7, 0.3, 0.2];
    const positive = [true, true, true, false, false, false];
    const e = rocAuc(scores, positive);
    expect(e.value).toBeCloseTo(7 / 9, 12);
    const se = Math.sqrt(5) / 9;
    expect(e.low).toBeCloseTo(7 / 9 - 1.959964 * se, 5);
    expect(e.high).toBe(1); // 7/9 + 1.96 SE > 1, clipped
    expect(e.low).toBeGreaterThanOrEqual(0);
    expect(e.low).toBeLessThanOrEqual(e.value);
    expect(e.high).toBeGreaterThanOrEqual(e.value);
  });

  test('ties between a positive and a negative count one half', () => {
    // pos 0.5 vs neg 0.5 (tie) and 0.1 (win) → 1.5 of 2.
    expect(rocAuc([0.5, 0.5, 0.1], [true, false, false]).value).toBe(0.75);
  });

  test('DeLong interval contains the value and stays within [0, 1] on a larger noisy set', () => {
    const scores: number[] = [];
    const positive: boolean[] = [];
    for (let i = 0; i < 60; i++) {
      scores.push(((i * 37) % 60) / 60 + (i % 2 ? 0.3 : 0));
      positive.push(i % 2 === 1);
    }
    const e = rocAuc(scores, positive);
    expect(e.value).toBeGreaterThan(0.5);
    expect(e.value).toBeLessThan(1);
    expect(e.low).toBeLessThan(e.value);
    expect(e.high).toBeGreaterThan(e.value);
    expect(e.low).toBeGreaterThanOrEqual(0);
    expect(e.high).toBeLessThanOrEqual(1);
  });

  test('no positives or no negatives → NaN', () => {
    expect(rocAuc([0.1, 0.2], [false, false]).value).toBeNaN();
    expect(rocAuc([0.1, 0.2], [true, true]).low).toBeNaN();
  });
});

describe('rocCurve', () => {
  test('starts at (0,0), ends at (1,1), one point per distinct threshold', () => {
    const points = rocCurve([0.9, 0.8, 0.8, 0.1], [true, false, true, false]);
    expect(points[0]).toEqual({ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY });
    expect(points.at(-1)).toEqual({ fpr: 1, tpr: 1, threshold: 0.1 });
    expect(points).toEqual([
      { fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY },
      { fpr: 0, tpr: 0.5, threshold: 0.9 },
      { fpr: 0.5, tpr: 1, threshold: 0.8 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
  });

  test('is monotone in both rates', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.65, 0.2, 0.9, 0.55];
    const positive = [false, true, false, true, true, false, true, false];
    const points = rocCurve(scores, positive);
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.fpr).toBeGreaterThanOrEqual(points[i - 1]!.fpr);
      expect(points[i]!.tpr).toBeGreaterThanOrEqual(points[i - 1]!.tpr);
      expect(points[i]!.threshold).toBeLessThan(points[i - 1]!.threshold);
    }
    expect(points).toHaveLength(scores.length + 1);
  });
});

describe('binaryReport', () => {
  test('confusion counts on a hand example at 0.5', () => {
    // Positives 0.9, 0.6 called, 0.4 missed; negative 0.7 falsely called, 0.3 and 0.2 cleared.
    const r = binaryReport([0.9, 0.6, 0.4, 0.7, 0.3, 0.2], [true, true, true, false, false, false]);
    expect(r.confusion).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(r.accuracy.value).toBeCloseTo(4 / 6, 12);
    expect(r.sensitivity.count).toBe(2);
    expect(r.sensitivity.total).toBe(3);
    expect(r.specificity.count).toBe(2);
    expect(r.specificity.total).toBe(3);
    expect(r.auc.value).toBeCloseTo(7 / 9, 12);
    expect(r.threshold).toBe(0.5);
  });

  test('a score equal to the threshold is called positive; the threshold moves the counts', () => {
    const scores = [0.5, 0.5, 0.2];
    const positive = [true, false, false];
    expect(binaryReport(scores, positive).confusion).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(binaryReport(scores, positive, 0.6).confusion).toEqual([
      [2, 0],
      [1, 0],
    ]);
    expect(binaryReport(scores, positive, 0.1).confusion).toEqual([
      [0, 2],
      [0, 1],
    ]);
  });
});

describe('confusionMatrix and argmax', () => {
  test('counts truth rows by predicted columns', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  test('throws on out-of-range classes and length mismatch', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/out of range at 1/);
    expect(() => confusionMatrix([0, 1], [0, 3], 3)).toThrow(/out of range at 1/);
    expect(() => confusionMatrix([-1], [0], 3)).toThrow(/out of range at 0/);
    expect(() => confusionMatrix([0], [-1], 3)).toThrow(/out of range at 0/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/length/);
  });

  test('argmax takes the first of equal maxima', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([0.4, 0.4, 0.2])).toBe(0);
    expect(argmax(new Float32Array([-3, -1, -2]))).toBe(1);
  });
});

describe('kermanyWeightedError', () => {
  test('hand-built 4x4 confusion: urgent→normal costs 4, urgent→drusen 2, others 1', () => {
    const confusion = [
      [10, 1, 2, 3], // CNV: 1*1 + 2*2 + 3*4 = 17
      [0, 8, 1, 1], //  DME: 1*2 + 1*4 = 6
      [1, 0, 9, 2], //  DRUSEN: 1 + 2 = 3
      [0, 1, 1, 10], // NORMAL: 1 + 1 = 2
    ];
    expect(kermanyWeightedError(confusion, OCT)).toBeCloseTo(28 / 50, 12);
  });

  test('a perfect diagonal is 0 and an empty matrix is NaN', () => {
    expect(kermanyWeightedError(confusion4([0, 0, 5], [1, 1, 5], [2, 2, 5], [3, 3, 5]), OCT)).toBe(0);
    expect(kermanyWeightedError(confusion4(), OCT)).toBeNaN();
  });

  test('the weights follow class names, not positions', () => {
    // One CNV called NORMAL out of 2 cases → 4/2; with the classes reordered the same call is indexed differently.
    expect(kermanyWeightedError(confusion4([0, 0, 1], [0, 3, 1]), OCT)).toBe(2);
    const reordered = ['NORMAL', 'DRUSEN', 'DME', 'CNV'];
    expect(kermanyWeightedError(confusion4([3, 0, 1], [3, 3, 1]), reordered)).toBe(2);
    // NORMAL called CNV (a false alarm) costs only 1.
    expect(kermanyWeightedError(confusion4([0, 0, 1], [0, 3, 1]), reordered)).toBe(0.5);
  });
});

describe('specificityAtSensitivity', () => {
  // Positives score 0.9, 0.8, 0.4, 0.3; negatives 0.7, 0.35, 0.2, 0.1 (worked by hand below).
  const scores = [0.9, 0.8, 0.4, 0.3, 0.7, 0.35, 0.2, 0.1];
  const positive = [true, true, true, true, false, false, false, false];
  test('takes the ROC point with the fewest false positives that keeps sensitivity at the floor', () => {
    // Sensitivity ≥ 0.75 needs threshold ≤ 0.4: the negatives above it are 0.7 → specificity 3/4.
    expect(specificityAtSensitivity(scores, positive, 0.75)).toMatchObject({
      threshold: 0.4,
      sensitivity: { count: 3 },
      specificity: { count: 3, total: 4 },
    });
    // Sensitivity 1 needs threshold ≤ 0.3: 0.7 and 0.35 are above it → specificity 2/4.
    expect(specificityAtSensitivity(scores, positive, 1)).toMatchObject({ threshold: 0.3, specificity: { count: 2 } });
    // Sensitivity ≥ 0.5 is met at 0.8 with no negative above it.
    expect(specificityAtSensitivity(scores, positive, 0.5)).toMatchObject({
      threshold: 0.8,
      specificity: { count: 4 },
    });
  });
  test('is null without both classes', () => {
    expect(specificityAtSensitivity([0.1, 0.2], [true, true], 0.9)).toBeNull();
  });
});
