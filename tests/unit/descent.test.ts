/**
 * Gradient descent on the precomputed features: a seeded run gives the same curve twice, training lowers the loss,
 * a too-large step with L2 makes the loss NaN and `divergence` says why, a stratified subset keeps every class, the
 * widget's clamping of typed values and links, and every tensor is freed.
 */
import { describe, expect, test } from 'vitest';
import { clampTyped, withinTrainSplit, DEFAULT_DESCENT } from '../../src/components/GradientDescent/state';
import { createRng } from '../../src/lib/model/core/rng';
import {
  DescentRun,
  divergence,
  majorityAccuracy,
  stratifiedSubset,
  type DescentConfig,
} from '../../src/lib/model/training/descent';
import type { DecodedSplit } from '../../src/lib/model/training/feature-set';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();

/** Two noisy clusters in 16 dimensions, as a decoded feature split. */
function split(count: number, seed: number, name: DecodedSplit['split']): DecodedSplit {
  const rng = createRng(seed);
  const labels = Int32Array.from({ length: count }, (_, i) => (i % 4 === 0 ? 0 : 1));
  const values = Float32Array.from({ length: count * 16 }, (_, j) => {
    const label = labels[Math.floor(j / 16)]!;
    return Math.max(0, (label ? 1 : 0.4) + (j % 16 < 8 ? 0.5 : -0.2) * label + (rng() - 0.5) * 1.2);
  });
  return { split: name, count, dimension: 16, values, labels };
}

const train = split(200, 1, 'train');
const validation = split(80, 2, 'validation');
const config: DescentConfig = {
  optimiser: 'momentum',
  learningRate: 0.05,
  batchSize: 16,
  examples: 200,
  l2: 1e-4,
  seed: 3,
};

async function curve(epochs: number, overrides: Partial<typeof config> = {}) {
  const run = new DescentRun(tf, train, validation, { ...config, ...overrides });
  const points = [];
  try {
    for (let e = 0; e < epochs; e++) {
      await run.run(Number.POSITIVE_INFINITY, { yieldNow: () => Promise.resolve() });
      points.push(await run.measure());
    }
  } finally {
    run.dispose();
  }
  return points;
}

describe('gradient descent on features', () => {
  test('the same seed gives the same curve, and the loss falls', async () => {
    const a = await curve(5);
    expect(await curve(5)).toEqual(a);
    expect(a.at(-1)!.trainLoss).toBeLessThan(a[0]!.trainLoss);
    expect(a.at(-1)!.validationAccuracy).toBeGreaterThan(majorityAccuracy(validation.labels));
    expect(await curve(2, { seed: 4 })).not.toEqual(a.slice(0, 2));
  });

  test.each(['sgd', 'momentum', 'adam'] as const)('%s trains', async (optimiser) => {
    const points = await curve(3, { optimiser, learningRate: optimiser === 'adam' ? 0.01 : 0.05 });
    expect(points.at(-1)!.trainLoss).toBeLessThan(0.69);
  });

  test('a step too large for its L2 makes the loss NaN, and divergence says why', async () => {
    const points = await curve(2, { optimiser: 'sgd', learningRate: 100, l2: 0.5 });
    const why = divergence(points.at(-1)!);
    expect(why).toMatch(/NaN/);
    expect(why).toMatch(/Lower the learning rate/);
    expect(divergence({ ...points[0]!, trainLoss: 0.3, validationLoss: 0.4 })).toBeNull();
  });

  test('a subset keeps every class and its seeded choice', () => {
    const picked = stratifiedSubset(train.labels, 8, createRng(1));
    expect(picked).toHaveLength(8);
    expect(new Set(picked.map((i) => train.labels[i])).size).toBe(2);
    expect(stratifiedSubset(train.labels, 8, createRng(1))).toEqual(picked);
  });

  test('single steps advance the epoch by a fraction; a disposed run refuses to step', () => {
    const run = new DescentRun(tf, train, validation, config);
    run.step();
    expect(run.epoch).toBeCloseTo(1 / Math.ceil(200 / 16), 10);
    run.dispose();
    expect(() => run.step()).toThrow(/reset/);
  });
});

describe('the widget’s clamping', () => {
  test('typed values out of range are clamped with a note; whole numbers rounded', () => {
    expect(clampTyped('learningRate', 1000)).toEqual({
      value: 100,
      note: 'A learning rate of 1000 is above the maximum; 100 is used.',
    });
    expect(clampTyped('batchSize', 0).value).toBe(1);
    expect(clampTyped('batchSize', 12.4)).toEqual({ value: 12, note: null });
    expect(clampTyped('examples', 10_000, 4391).value).toBe(4391);
    expect(clampTyped('l2', Number.NaN).note).toMatch(/must be a number/);
  });

  test('a link asking for more examples than the train split has gets them all, with a note', () => {
    expect(withinTrainSplit({ ...DEFAULT_DESCENT, examples: 9000 }, 4391)).toEqual({
      state: { ...DEFAULT_DESCENT, examples: 4391 },
      note: 'The link asked for 9000 training examples; the train split has 4391, so all are used.',
    });
    expect(withinTrainSplit(DEFAULT_DESCENT, 4391).note).toBeNull();
  });
});
