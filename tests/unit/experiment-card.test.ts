/** The model card's view of a pre-registered experiment, shipped or not, built from meta.json alone (Wilson bounds checked by hand: 540/600 → 87.3–92.2 %). */
import { describe, expect, test } from 'vitest';
import { comparisonRows, experimentOf, mcnemarSentence } from '../../src/lib/experiment-card';
import type { HeadMeta, MetricSet } from '../../src/lib/model/core/meta';
import { wilson } from '../../src/lib/model/evaluation/metrics';

const metrics = (correct: number, n: number): MetricSet => ({
  n,
  accuracy: wilson(correct, n),
  sensitivity: wilson(correct, n),
  specificity: wilson(correct, n),
  auc: { value: 0.95, low: 0.93, high: 0.97 },
  confusion: [],
});
const preregistration = {
  file: 'experiments/x/recipe.json',
  commit: 'abcdef1234',
  rule: 'Ship unless broken.',
  decision: { ship: true, reason: 'ship: validation AUC 0.9990 against the floor 0.9939' },
  referenceValidationAuc: 0.9989,
  weightChange: [{ layer: 'conv1', relative: 0.05, parameters: 216 }],
  peakRssMb: 2000,
};
const finetuning = {
  frozenLayer: 'input_1',
  params: { epochs: 2, batchSize: 32, headLearningRate: 3e-4, backboneLearningRate: 1e-4, patience: 2 },
  bestEpoch: 2,
  epochsRun: 2,
  augment: {},
  variants: 4,
  batchNorm: 'frozen',
  history: [],
};
const previous = {
  name: 'old',
  commit: '1234567',
  validation: metrics(95, 100),
  test: metrics(500, 600),
  mcnemar: {
    n: 600,
    onlyA: 30,
    onlyB: 12,
    bothRight: 488,
    bothWrong: 70,
    pExact: 0.0077,
    chiSquare: 6.9,
    pChiSquare: 0.0086,
  },
};
const base = { selection: { chosen: 'new', rule: '', candidates: [] }, reference: { source: 'K', accuracy: 0.928 } };

describe('experimentOf', () => {
  test('a shipped experiment is read from the model itself', () => {
    const meta = {
      ...base,
      preregistration,
      previous,
      finetuning,
      metrics: { validation: metrics(98, 100), test: metrics(540, 600) },
    };
    const view = experimentOf(meta as unknown as HeadMeta)!;
    expect(view.shipped).toBe(true);
    expect(comparisonRows(view)[0]).toEqual({
      name: 'Accuracy',
      candidate: '90.0 % (87.3–92.2)',
      previous: '83.3 % (80.1–86.1)',
      reference: '92.8 %',
    });
    expect(mcnemarSentence(view)).toContain('alone was right on 30 and the previous model alone on 12');
    expect(mcnemarSentence(view)).toContain('p = 0.008');
  });

  test('a trial that was not shipped is read from preregisteredTrial, before and after its test scoring', () => {
    const trial = {
      name: 'exp',
      preregistration,
      finetuning,
      validation: metrics(90, 100),
      test: null,
      previous: { ...previous, mcnemar: undefined },
    };
    const view = experimentOf({
      ...base,
      metrics: { validation: metrics(1, 2), test: null },
      preregisteredTrial: trial,
    } as unknown as HeadMeta)!;
    expect(view.shipped).toBe(false);
    expect(comparisonRows(view)[0]?.candidate).toBe('not scored yet');
    expect(mcnemarSentence(view)).toBeNull();
  });

  test('no experiment, no section', () => {
    expect(
      experimentOf({ ...base, metrics: { validation: metrics(1, 2), test: null } } as unknown as HeadMeta),
    ).toBeNull();
  });
});
