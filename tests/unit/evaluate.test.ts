import { describe, expect, test } from 'vitest';
import { metricSet } from '../../src/lib/model/evaluation/evaluate';
import { TASKS } from '../../src/lib/model/core/tasks';

describe('metricSet, binary (cxr)', () => {
  // Classes NORMAL (0), PNEUMONIA (1, positive). Pneumonia scores: 0.8 (hit), 0.4 (miss), 0.7 (false alarm), 0.1.
  const probabilities = [
    [0.2, 0.8],
    [0.6, 0.4],
    [0.3, 0.7],
    [0.9, 0.1],
  ];
  const truth = [1, 1, 0, 0];

  test('counts, rates and AUC on hand-built probabilities', () => {
    const m = metricSet(TASKS.cxr, probabilities, truth);
    expect(m.n).toBe(4);
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(m.accuracy.value).toBe(0.5);
    expect(m.sensitivity?.count).toBe(1);
    expect(m.sensitivity?.total).toBe(2);
    expect(m.specificity?.count).toBe(1);
    expect(m.specificity?.total).toBe(2);
    expect(m.auc?.value).toBe(0.75); // 0.8 beats both negatives, 0.4 beats 0.1: 3 of 4 pairs
    expect(m.urgentAuc).toBeUndefined();
    expect(m.weightedError).toBeUndefined();
  });

  test('the threshold applies to the positive class probability', () => {
    const strict = metricSet(TASKS.cxr, probabilities, truth, 0.75);
    expect(strict.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(strict.accuracy.value).toBe(0.75);
    expect(strict.auc?.value).toBe(0.75); // AUC does not depend on the threshold
  });

  test('works with Float32Array rows as the heads return them', () => {
    const m = metricSet(
      TASKS.cxr,
      probabilities.map((p) => Float32Array.from(p)),
      truth,
    );
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  test('pathogen task: VIRUS (index 1) is the positive class', () => {
    const m = metricSet(
      TASKS['cxr-pathogen'],
      [
        [0.9, 0.1],
        [0.2, 0.8],
        [0.4, 0.6],
      ],
      [0, 1, 0],
    );
    expect(m.confusion).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(m.sensitivity?.value).toBe(1);
    expect(m.specificity?.value).toBe(0.5);
    expect(m.auc?.value).toBe(1);
  });
});

describe('metricSet, four-class OCT', () => {
  // Classes CNV, DME, DRUSEN, NORMAL; urgent = CNV or DME.
  const probabilities = [
    [0.7, 0.1, 0.1, 0.1], // CNV → CNV
    [0.1, 0.1, 0.2, 0.6], // CNV → NORMAL (cost 4)
    [0.3, 0.5, 0.1, 0.1], // DME → DME
    [0.1, 0.1, 0.7, 0.1], // DRUSEN → DRUSEN
    [0.05, 0.05, 0.1, 0.8], // NORMAL → NORMAL
    [0.5, 0.1, 0.1, 0.3], // NORMAL → CNV (cost 1)
  ];
  const truth = [0, 0, 1, 2, 3, 3];
  const m = metricSet(TASKS.oct, probabilities, truth);

  test('confusion and accuracy by argmax', () => {
    expect(m.n).toBe(6);
    expect(m.confusion).toEqual([
      [1, 0, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 1],
    ]);
    expect(m.accuracy.count).toBe(4);
    expect(m.accuracy.total).toBe(6);
  });

  test('Kermany weighted error', () => {
    expect(m.weightedError).toBeCloseTo(5 / 6, 12);
  });

  test('urgent referral view: sensitivity, specificity and AUC on P(CNV) + P(DME)', () => {
    // Urgent called (argmax CNV or DME): examples 0, 2, 5. Truly urgent: 0, 1, 2.
    expect(m.sensitivity?.count).toBe(2);
    expect(m.sensitivity?.total).toBe(3);
    expect(m.specificity?.count).toBe(2);
    expect(m.specificity?.total).toBe(3);
    // Urgent scores: positives 0.8, 0.2, 0.8; negatives 0.2, 0.1, 0.6 → (3 + 1.5 + 3) / 9.
    expect(m.urgentAuc?.value).toBeCloseTo(7.5 / 9, 12);
    expect(m.auc).toBeUndefined();
  });

  test('out-of-range truth is an error, not a silent miscount', () => {
    expect(() => metricSet(TASKS.oct, probabilities, [0, 0, 1, 2, 3, 4])).toThrow(/out of range/);
  });
});
