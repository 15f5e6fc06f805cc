/**
 * The limited-data experiment's library: seeded picks per class, a head that learns a separable toy set, tensors
 * disposed, cancel between runs; and the committed curve (written by npm run limited-data) recomputed here for one
 * size and seed on tfjs-wasm.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DecodedSplit } from '../../src/lib/model/training/feature-set';
import {
  LimitedDataCancelled,
  limitedDataCurve,
  pickPerClass,
  summariseCurve,
  type LimitedPoint,
} from '../../src/lib/model/training/limited-data';
import { featureDir, loadFeatureFiles } from '../../src/node/feature-files';
import { nodeRuntime } from '../../src/node/runtime';

function toy(n: number): DecodedSplit {
  const values = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    values[i * 2] = (i % 2 ? 1 : -1) + (i % 7) * 0.01;
    values[i * 2 + 1] = (i % 5) * 0.1;
  }
  return { split: 'train', count: n, dimension: 2, values, labels };
}

describe('pickPerClass', () => {
  test('k per class, seeded, sorted; null takes all', () => {
    const labels = [0, 1, 0, 1, 0, 1, 0, 0];
    const a = pickPerClass(labels, 2, 2, 3);
    expect(a.filter((i) => labels[i] === 0)).toHaveLength(2);
    expect(a.filter((i) => labels[i] === 1)).toHaveLength(2);
    expect(pickPerClass(labels, 2, 2, 3)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(pickPerClass(labels, 2, null, 3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('limitedDataCurve', () => {
  test('learns a separable set, disposes every tensor, summarises', async () => {
    const { tf } = await nodeRuntime();
    const before = tf.memory().numTensors;
    const points = await limitedDataCurve(tf, toy(40), { ...toy(20), split: 'test' }, 2, {
      sizes: [1, null],
      seeds: [1, 2],
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(points).toHaveLength(4);
    expect(points.filter((p) => p.perClass === null).every((p) => p.accuracy === 1 && p.auc === 1)).toBe(true);
    expect(points.every((p) => p.accuracy >= 0.5)).toBe(true);
    expect(summariseCurve(points).map((s) => s.images)).toEqual([2, 40]);
  });

  test('cancelling stops between runs with a clear error', async () => {
    const { tf } = await nodeRuntime();
    const controller = new AbortController();
    const run = limitedDataCurve(tf, toy(40), { ...toy(20), split: 'test' }, 2, {
      sizes: [1, 2, 5],
      seeds: [1],
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(LimitedDataCancelled);
  });

  test('the committed curve is what the library computes now (one size, one seed)', async () => {
    const committed = JSON.parse(readFileSync(join(featureDir('cxr'), 'limited-data.json'), 'utf8')) as {
      points: LimitedPoint[];
    };
    const { tf } = await nodeRuntime();
    const { meta, splits } = await loadFeatureFiles('cxr', ['train', 'test']);
    const [point] = await limitedDataCurve(tf, splits.train!, splits.test!, meta.classes.length, {
      sizes: [5],
      seeds: [2],
    });
    const expected = committed.points.find((p) => p.perClass === 5 && p.seed === 2);
    expect(point?.accuracy).toBeCloseTo(expected?.accuracy ?? Number.NaN, 6);
    expect(point?.auc).toBeCloseTo(expected?.auc ?? Number.NaN, 6);
  });
});
