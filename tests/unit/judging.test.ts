/**
 * The evaluation chapter's maths on hand-worked tables: counts at a threshold, predictive values at a prevalence,
 * the validation-chosen operating point, reliability bins and ECE, Brier, temperature scaling (fitted on validation
 * only: a test proves the test rows are not read until T is fixed), Kermany's penalties and triage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  brierScore,
  expectedCalibrationError,
  fitTemperature,
  meanNll,
  reliabilityBins,
  temperatureScaled,
  withTemperature,
} from '../../src/lib/model/evaluation/calibration';
import {
  binaryCost,
  costMinimisingThreshold,
  kermanyPenalties,
  triageCounts,
  weightedError,
} from '../../src/lib/model/evaluation/costs';
import { binaryReport, kermanyWeightedError } from '../../src/lib/model/evaluation/metrics';
import {
  countsAt,
  naturalFrequencies,
  predictiveRange,
  predictiveValues,
  ratesOf,
  scoreTable,
  validationChosenPoint,
} from '../../src/lib/model/evaluation/operating';
import { binaryCorrect, pairedMcNemar } from '../../src/lib/model/evaluation/paired';
import { parseScoreFile, ScoreFileError, stratifiedSubsample } from '../../src/lib/model/evaluation/scores';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import { createRng } from '../../src/lib/model/core/rng';
import { PROJECT_ROOT } from '../../src/node/paths';

describe('counts at a threshold', () => {
  // Positives 0.9 0.8 0.4, negatives 0.7 0.3 0.2 0.1.
  const scores = [0.9, 0.8, 0.4, 0.7, 0.3, 0.2, 0.1];
  const truth = [true, true, true, false, false, false, false];
  const table = scoreTable(scores, truth);

  test('by hand at 0.5, 0.4 (≥ calls positive) and the extremes', () => {
    expect(countsAt(table, 0.5)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 3 });
    expect(countsAt(table, 0.4)).toEqual({ tp: 3, fn: 0, fp: 1, tn: 3 });
    expect(countsAt(table, 0)).toEqual({ tp: 3, fn: 0, fp: 4, tn: 0 });
    expect(countsAt(table, 1.01)).toEqual({ tp: 0, fn: 3, fp: 0, tn: 4 });
  });

  test('agrees with binaryReport (the evaluate CLI) on 200 random sets', () => {
    const rng = createRng(3);
    for (let k = 0; k < 200; k++) {
      const s = Array.from({ length: 40 }, () => Math.round(rng() * 20) / 20);
      const y = s.map(() => rng() < 0.4);
      const t = Math.round(rng() * 20) / 20;
      const c = countsAt(scoreTable(s, y), t);
      expect([
        [c.tn, c.fp],
        [c.fn, c.tp],
      ]).toEqual(binaryReport(s, y, t).confusion);
    }
  });

  test('rates with Wilson intervals: PPV 2/3, NPV 3/4', () => {
    const r = ratesOf({ tp: 2, fn: 1, fp: 1, tn: 3 });
    expect(r.ppv.value).toBeCloseTo(2 / 3, 12);
    expect(r.npv.value).toBeCloseTo(3 / 4, 12);
    expect(r.accuracy.count).toBe(5);
  });
});

describe('predictive values at a prevalence', () => {
  test('sens 0.9, spec 0.8 at 1 %: PPV = 0.009 / (0.009 + 0.198) = 0.043478…, NPV = 0.792 / 0.793', () => {
    const { ppv, npv } = predictiveValues(0.9, 0.8, 0.01);
    expect(ppv).toBeCloseTo(0.009 / 0.207, 12);
    expect(npv).toBeCloseTo(0.792 / 0.793, 12);
  });
  test('at the test set’s own prevalence they equal the counted PPV and NPV', () => {
    const c = { tp: 30, fn: 10, fp: 20, tn: 40 };
    const { ppv, npv } = predictiveValues(30 / 40, 40 / 60, 0.4);
    expect(ppv).toBeCloseTo(30 / 50, 12);
    expect(npv).toBeCloseTo(40 / 50, 12);
    expect(ratesOf(c).ppv.value).toBeCloseTo(ppv, 12);
  });
  test('a prevalence outside [0, 1] is refused', () => {
    expect(() => predictiveValues(0.9, 0.9, 1.5)).toThrow(/Prevalence must be in \[0, 1\]/);
  });
});

describe('the validation-chosen operating point', () => {
  test('threshold from validation (highest reaching the target), counts on test', () => {
    // Validation positives 0.9 0.8 0.6 0.3: sensitivity ≥ 0.75 first at 0.6.
    const validation = { scores: [0.9, 0.8, 0.6, 0.3, 0.5, 0.2], isPositive: [true, true, true, true, false, false] };
    const test = scoreTable([0.7, 0.65, 0.55, 0.62, 0.1], [true, true, true, false, false]);
    const point = validationChosenPoint(validation, test, 0.75);
    expect(point?.threshold).toBe(0.6);
    expect(point?.validation.sensitivity.value).toBe(0.75);
    expect(point?.validation.specificity.value).toBe(1);
    expect(point?.test.counts).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });
});

describe('calibration', () => {
  // Top-label confidences 0.95 (right), 0.95 (wrong), 0.65 (right), 0.55 (right), 0.85 (right).
  const probabilities = [
    [0.05, 0.95],
    [0.95, 0.05],
    [0.35, 0.65],
    [0.55, 0.45],
    [0.15, 0.85],
  ];
  const truth = [1, 1, 1, 0, 1];

  test('reliability bins and ECE by hand', () => {
    const bins = reliabilityBins(probabilities, truth, 10);
    expect(bins[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(bins[9]?.confidence).toBeCloseTo(0.95, 12);
    expect(bins[8]).toMatchObject({ count: 1, accuracy: 1 });
    expect(bins[6]).toMatchObject({ count: 1, accuracy: 1 });
    expect(bins[5]).toMatchObject({ count: 1, accuracy: 1 });
    expect(bins[0]?.count).toBe(0);
    // (2·|0.5 − 0.95| + |1 − 0.85| + |1 − 0.65| + |1 − 0.55|) / 5 = (0.9 + 0.15 + 0.35 + 0.45) / 5 = 0.37
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.37, 12);
  });

  test('a confidence of exactly 1 lands in the last bin', () => {
    const bins = reliabilityBins([[0, 1]], [1], 10);
    expect(bins[9]?.count).toBe(1);
    expect(expectedCalibrationError(bins)).toBe(0);
  });

  test('Brier by hand: two-class form is twice (p − y)²', () => {
    // (p − y)² of the positive class: 0.0025, 0.9025, 0.1225, 0.2025, 0.0225 → mean 0.2505; two classes → 0.501.
    expect(brierScore(probabilities, truth)).toBeCloseTo(0.501, 12);
  });

  test('temperature 1 changes nothing; a higher one softens', () => {
    withTemperature([0.2, 0.8], 1).forEach((p, i) => expect(p).toBeCloseTo([0.2, 0.8][i] as number, 12));
    // logit gap log 4 halved: p = 2 / (1 + 2) = 2/3.
    expect(withTemperature([0.2, 0.8], 2)[1]).toBeCloseTo(2 / 3, 12);
  });

  test('the fitted T is where NLL is lowest (derivative ≈ 0, beats its neighbours)', () => {
    const rng = createRng(5);
    const probs = Array.from({ length: 300 }, () => {
      const p = 0.5 + 0.5 * rng();
      return [1 - p, p];
    });
    const y = probs.map((p) => (rng() < 0.5 + ((p[1] as number) - 0.5) * 0.5 ? 1 : 0)); // overconfident scores
    const { temperature, nllAfter, nllBefore } = fitTemperature({ probabilities: probs, truth: y });
    expect(temperature).toBeGreaterThan(1);
    expect(nllAfter).toBeLessThan(nllBefore);
    expect(meanNll(probs, y, temperature * 1.01)).toBeGreaterThan(nllAfter);
    expect(meanNll(probs, y, temperature / 1.01)).toBeGreaterThan(nllAfter);
  });

  test('temperature scaling never reads the test scores before T is fixed, and T does not depend on them', () => {
    const events: string[] = [];
    const watched = (rows: number[][], name: string): number[][] =>
      new Proxy(rows, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) events.push(name);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    const validation = { probabilities: watched(probabilities, 'validation'), truth };
    const testA = {
      probabilities: watched(
        [
          [0.5, 0.5],
          [0.01, 0.99],
        ],
        'test',
      ),
      truth: [0, 0],
    };
    const result = temperatureScaled(validation, testA);
    const firstTest = events.indexOf('test');
    expect(firstTest).toBeGreaterThan(0);
    expect(events.lastIndexOf('validation')).toBeLessThan(firstTest);
    const testB = { probabilities: [[0.99, 0.01]], truth: [1] };
    expect(temperatureScaled({ probabilities, truth }, testB).temperature).toBe(result.temperature);
    expect(result.temperature).toBe(fitTemperature({ probabilities, truth }).temperature);
  });
});

describe('Kermany’s penalties and triage', () => {
  const classes = ['CNV', 'DME', 'DRUSEN', 'NORMAL'];
  test('the penalty matrix', () => {
    expect(kermanyPenalties(classes)).toEqual([
      [0, 1, 2, 4],
      [1, 0, 2, 4],
      [1, 1, 0, 1],
      [1, 1, 1, 0],
    ]);
  });
  test('weighted error by hand, and equal to metrics.kermanyWeightedError', () => {
    const confusion = [
      [5, 1, 2, 1],
      [0, 6, 0, 3],
      [1, 1, 7, 2],
      [0, 6, 1, 2],
    ];
    // (1 + 4 + 4) + (12) + (1 + 1 + 2) + (6 + 1) = 9 + 12 + 4 + 7 = 32 over 38
    expect(weightedError(confusion, kermanyPenalties(classes))).toBeCloseTo(32 / 38, 12);
    expect(weightedError(confusion, kermanyPenalties(classes))).toBeCloseTo(
      kermanyWeightedError(confusion, classes),
      12,
    );
  });
  test('triage: urgent, routine, observation', () => {
    const confusion = [
      [5, 1, 2, 1],
      [0, 6, 0, 3],
      [1, 1, 7, 2],
      [0, 6, 1, 2],
    ];
    expect(triageCounts(confusion, classes)).toEqual([
      [12, 2, 4],
      [2, 7, 2],
      [6, 1, 2],
    ]);
  });
  test('binary cost per film', () => {
    expect(binaryCost({ tp: 10, fn: 2, fp: 5, tn: 83 }, 10, 1)).toBeCloseTo((20 + 5) / 100, 12);
  });
});

describe('score files and subsamples', () => {
  test('a malformed row is named', () => {
    expect(() =>
      parseScoreFile({ task: 'cxr', classes: ['A', 'B'], rows: [{ id: 'x', truth: 2, probabilities: [0.5, 0.5] }] }),
    ).toThrow(ScoreFileError);
  });
  test('a stratified subsample keeps the balance, is seeded, and has both classes', () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    const pos = rows.map((i) => i < 60);
    const a = stratifiedSubsample(rows, pos, 20, 1);
    expect(a).toHaveLength(20);
    expect(a.filter((i) => i < 60)).toHaveLength(12);
    expect(stratifiedSubsample(rows, pos, 20, 1)).toEqual(a);
    expect(stratifiedSubsample(rows, pos, 2, 1).filter((i) => i < 60)).toHaveLength(1);
  });
});

test('McNemar of the shipped vs previous CXR model, recomputed from the two score files, equals meta.json', () => {
  const dir = join(PROJECT_ROOT, 'public/weights/heads/cxr');
  const read = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const meta = parseHeadMeta(read('meta.json'));
  const now = parseScoreFile(read('test-scores.json'));
  const before = parseScoreFile(read('previous-test-scores.json'));
  const paired = pairedMcNemar(
    binaryCorrect(now.rows, 1, meta.threshold.value),
    binaryCorrect(before.rows, 1, meta.previous?.threshold ?? meta.threshold.value),
  );
  expect(paired).toEqual(meta.previous?.mcnemar);
});

describe('predictive range and natural frequencies', () => {
  test('the range uses the interval ends; frequencies per 1000 by hand', () => {
    const r = predictiveRange({ value: 0.9, low: 0.8, high: 0.95 }, { value: 0.8, low: 0.7, high: 0.9 }, 0.01);
    expect(r.ppv.value).toBeCloseTo(0.009 / 0.207, 12);
    expect(r.ppv.low).toBeCloseTo(0.008 / (0.008 + 0.297), 12);
    expect(r.ppv.high).toBeCloseTo(0.0095 / (0.0095 + 0.099), 12);
    const f = naturalFrequencies(0.9, 0.8, 0.01);
    const expected = { sick: 10, found: 9, missed: 1, falseAlarms: 198, cleared: 792 };
    for (const [key, value] of Object.entries(expected)) expect(f[key as keyof typeof f]).toBeCloseTo(value, 9);
  });
});

describe('cost-minimising threshold', () => {
  // Positives 0.9 0.6 0.3, negatives 0.7 0.4 0.2.
  const scores = [0.9, 0.6, 0.3, 0.7, 0.4, 0.2];
  const truth = [true, true, true, false, false, false];
  test('misses cost 1: call nothing below 0.9 (cost 2 at 0.9 vs 3 at none)', () => {
    // thresholds: ∞ → 3·1 = 3; 0.9 → 2; 0.7 → 2 + 1 = 3; 0.6 → 1 + 1 = 2; 0.4 → 1 + 2 = 3; 0.3 → 0 + 2 = 2; 0.2 → 3
    expect(costMinimisingThreshold(scores, truth, 1, 1)).toBe(0.9);
  });
  test('misses cost 10: call down to 0.3', () => {
    expect(costMinimisingThreshold(scores, truth, 10, 1)).toBe(0.3);
  });
});
