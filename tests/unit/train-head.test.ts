import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  HeadConfigError,
  buildHead,
  predictFeatures,
  restoreWeights,
  snapshotWeights,
  type HeadConfig,
} from '../../src/lib/model/core/head';
import { createRng, type Rng } from '../../src/lib/model/core/rng';
import type { Tf } from '../../src/lib/model/core/runtime';
import {
  classWeights,
  trainHead,
  validateData,
  type EpochReport,
  type LabelledFeatures,
} from '../../src/lib/model/training/train-head';
import { nodeRuntime } from '../../src/node/runtime';

const LINEAR: HeadConfig = { kind: 'linear', hidden: 0, dropout: 0, l2: 1e-4 };
const DIM = 8;

let tf: Tf;
beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Two Gaussian blobs in 8-D, means at -1 and +1 in every coordinate, unit variance: 2.8 SD apart along the axis. */
function blobs(perClass: number, seed: number, flip = false): LabelledFeatures {
  const rng = createRng(seed);
  const features: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 2 * perClass; i++) {
    const label = i % 2;
    features.push(Float32Array.from({ length: DIM }, () => (label ? 1 : -1) + normal(rng)));
    labels.push(flip ? 1 - label : label);
  }
  return { features, labels, shape: [DIM] };
}

const weightsOf = (model: tfc.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

function accuracy(probabilities: Float32Array[], labels: readonly number[]): number {
  return probabilities.filter((p, i) => ((p[1] ?? 0) > (p[0] ?? 0) ? 1 : 0) === labels[i]).length / labels.length;
}

describe('classWeights', () => {
  test('inverse frequency, mean 1 over examples', () => {
    const w = classWeights([0, 0, 0, 1], 2);
    expect(w[0]).toBeCloseTo(2 / 3, 12);
    expect(w[1]).toBe(2);
    expect((3 * (w[0] ?? 0) + (w[1] ?? 0)) / 4).toBeCloseTo(1, 12);
  });

  test('balanced classes weigh 1; an absent class weighs 0', () => {
    expect(classWeights([0, 1, 2, 0, 1, 2], 3)).toEqual([1, 1, 1]);
    expect(classWeights([0, 0, 2], 3)).toEqual([0.5, 0, 1]);
  });
});

describe('validateData', () => {
  const good: LabelledFeatures = {
    features: [new Float32Array(4), new Float32Array(4)],
    labels: [0, 1],
    shape: [2, 2],
  };

  test.each([
    [{ features: [], labels: [] }, 'The training set is empty.'],
    [{ labels: [0] }, 'The training set has 2 features but 1 labels.'],
    [
      { features: [new Float32Array(4), new Float32Array(3)] },
      'Example 1 of the training set has 3 values; expected 4.',
    ],
    [{ labels: [0, 2] }, 'Example 1 of the training set has label 2; expected 0..1.'],
    [{ labels: [-1, 0] }, 'Example 0 of the training set has label -1; expected 0..1.'],
    [{ labels: [0, 0.5] }, 'Example 1 of the training set has label 0.5; expected 0..1.'],
  ])('rejects %o', (change, message) => {
    expect(() => validateData({ ...good, ...change }, 2, 'training')).toThrow(message);
  });

  test('trainHead rejects bad training or validation data before training', async () => {
    const head = buildHead(tf, [4], 2, LINEAR, 1);
    const bad = { ...good, shape: [4], labels: [0, 3] };
    await expect(trainHead(tf, head, bad, null, { seed: 1, classes: 2 })).rejects.toThrow('label 3; expected 0..1');
    await expect(
      trainHead(tf, head, { ...good, shape: [4] }, { ...bad, labels: [] }, { seed: 1, classes: 2 }),
    ).rejects.toThrow('The validation set has 2 features but 0 labels.');
    head.dispose();
  });
});

describe('trainHead on separable blobs', () => {
  const train = blobs(100, 1);
  const validation = blobs(40, 2);
  const params = { epochs: 8, batchSize: 32, learningRate: 0.05, patience: 20 };

  async function run(seed: number) {
    const head = buildHead(tf, [DIM], 2, LINEAR, seed);
    const history: EpochReport[] = [];
    const result = await trainHead(tf, head, train, validation, {
      seed,
      classes: 2,
      params,
      onProgress: (e) => history.push(e),
    });
    return { head, result, history };
  }

  test('reaches ≥ 95 % validation accuracy and lowers the loss', async () => {
    const { head, result, history } = await run(7);
    expect(result.cancelled).toBe(false);
    expect(result.history).toEqual(history);
    expect(history[0]?.epochs).toBe(8);
    const best = result.history.find((h) => h.epoch === result.bestEpoch);
    expect(best?.validationAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.history.at(-1)!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    const probabilities = await predictFeatures(tf, head, validation.features, validation.shape, 17);
    expect(probabilities).toHaveLength(80);
    expect(accuracy(probabilities, validation.labels)).toBeGreaterThanOrEqual(0.95);
    for (const p of probabilities) expect((p[0] ?? 0) + (p[1] ?? 0)).toBeCloseTo(1, 5);
    head.dispose();
  });

  test('deterministic for a seed: the same final weights twice; another seed differs', async () => {
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(weightsOf(b.head)).toEqual(weightsOf(a.head));
    expect(b.result.history.map((h) => h.validationLoss)).toEqual(a.result.history.map((h) => h.validationLoss));
    expect(weightsOf(c.head)).not.toEqual(weightsOf(a.head));
    [a, b, c].forEach((r) => r.head.dispose());
  });

  test("restores the best epoch's weights and stops after `patience` epochs without improvement", async () => {
    // Validation labels flipped: the better the head fits training, the worse validation gets, so epoch 1 is best.
    const flipped = blobs(40, 2, true);
    const head = buildHead(tf, [DIM], 2, LINEAR, 3);
    const perEpoch: number[][][] = [];
    const result = await trainHead(tf, head, train, flipped, {
      seed: 3,
      classes: 2,
      params: { ...params, patience: 3 },
      onProgress: () => perEpoch.push(weightsOf(head)),
    });
    expect(result.bestEpoch).toBe(1);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.stoppedEarly).toBe(true);
    const losses = result.history.map((h) => h.validationLoss ?? 0);
    expect(Math.min(...losses)).toBe(losses[0]);
    expect(weightsOf(head)).toEqual(perEpoch[0]);
    expect(weightsOf(head)).not.toEqual(perEpoch[3]);
    head.dispose();
  });

  test('without validation it monitors the training loss', async () => {
    const head = buildHead(tf, [DIM], 2, LINEAR, 5);
    const result = await trainHead(tf, head, train, null, { seed: 5, classes: 2, params: { ...params, epochs: 3 } });
    expect(result.history).toHaveLength(3);
    expect(result.history.every((h) => h.validationLoss === null && h.validationAccuracy === null)).toBe(true);
    expect(result.bestEpoch).toBe(3);
    head.dispose();
  });

  test('honours an AbortSignal: cancelled, not stopped early, the finished epochs kept', async () => {
    const controller = new AbortController();
    const head = buildHead(tf, [DIM], 2, LINEAR, 9);
    const result = await trainHead(tf, head, train, validation, {
      seed: 9,
      classes: 2,
      params,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.epoch === 2) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.stoppedEarly).toBe(false);
    expect(result.history).toHaveLength(2);
    const already = new AbortController();
    already.abort();
    const none = await trainHead(tf, head, train, validation, { seed: 9, classes: 2, params, signal: already.signal });
    expect(none).toMatchObject({ cancelled: true, history: [], bestEpoch: 0 });
    head.dispose();
  });

  test('yieldEvery is called once per batch', async () => {
    const head = buildHead(tf, [DIM], 2, LINEAR, 2);
    let calls = 0;
    await trainHead(tf, head, train, validation, {
      seed: 2,
      classes: 2,
      params: { ...params, epochs: 2 },
      yieldEvery: async () => {
        calls++;
      },
    });
    expect(calls).toBe(2 * Math.ceil(200 / 32));
    head.dispose();
  });

  test('numTensors returns to its baseline after training and disposing the head', async () => {
    const baseline = tf.memory().numTensors;
    const head = buildHead(tf, [DIM], 2, { kind: 'dense', hidden: 16, dropout: 0.2, l2: 1e-3 }, 4);
    await trainHead(tf, head, train, validation, { seed: 4, classes: 2, params: { ...params, epochs: 4 } });
    await predictFeatures(tf, head, validation.features, validation.shape);
    head.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('buildHead', () => {
  test('conv head on [7, 7, 8]: softmax rows over the classes; parameter count by hand', () => {
    const head = buildHead(tf, [7, 7, 8], 3, { kind: 'conv', hidden: 4, dropout: 0.3, l2: 1e-4 }, 1);
    expect(head.outputs[0]?.shape).toEqual([null, 3]);
    expect(head.countParams()).toBe(8 * 4 + 4 + (4 * 3 + 3));
    const out = tf.tidy(() => head.predict(tf.randomNormal([2, 7, 7, 8], 0, 1, 'float32', 1)) as tfc.Tensor);
    const values = out.dataSync();
    expect(values[0]! + values[1]! + values[2]!).toBeCloseTo(1, 5);
    expect(values[3]! + values[4]! + values[5]!).toBeCloseTo(1, 5);
    out.dispose();
    head.dispose();
  });

  test('linear on spatial features pools first; dense adds a hidden layer', () => {
    const linear = buildHead(tf, [7, 7, 8], 2, LINEAR, 1);
    expect(linear.layers.map((l) => l.name)).toEqual(['features', 'head_pool', 'head_out']);
    expect(linear.countParams()).toBe(8 * 2 + 2);
    const dense = buildHead(tf, [8], 4, { kind: 'dense', hidden: 5, dropout: 0, l2: 0 }, 1);
    expect(dense.countParams()).toBe(8 * 5 + 5 + 5 * 4 + 4);
    expect(dense.losses).toHaveLength(0);
    linear.dispose();
    dense.dispose();
  });

  test('the same seed builds the same initial weights', () => {
    const a = buildHead(tf, [8], 2, LINEAR, 42);
    const b = buildHead(tf, [8], 2, LINEAR, 42);
    const c = buildHead(tf, [8], 2, LINEAR, 43);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  test('conv on [8] and fewer than 2 classes throw HeadConfigError', () => {
    const conv: HeadConfig = { kind: 'conv', hidden: 4, dropout: 0, l2: 0 };
    expect(() => buildHead(tf, [8], 2, conv, 1)).toThrow(HeadConfigError);
    expect(() => buildHead(tf, [8], 2, conv, 1)).toThrow(/conv head needs spatial features/);
    expect(() => buildHead(tf, [8], 1, LINEAR, 1)).toThrow(HeadConfigError);
  });

  test('snapshotWeights / restoreWeights roundtrip', async () => {
    const head = buildHead(tf, [8], 2, LINEAR, 1);
    const saved = await snapshotWeights(head);
    const before = weightsOf(head);
    head.setWeights(head.getWeights().map((w) => tf.zerosLike(w)));
    expect(weightsOf(head)).not.toEqual(before);
    restoreWeights(tf, head, saved);
    expect(weightsOf(head)).toEqual(before);
    head.dispose();
  });
});
