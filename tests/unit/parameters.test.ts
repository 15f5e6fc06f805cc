import { describe, expect, test } from 'vitest';
import {
  convCount,
  denseCount,
  denseFormula,
  float32Bytes,
  measureDense,
} from '../../src/lib/model/lessons/parameters';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();

describe('fully connected', () => {
  test('the dense formula is what tfjs counts on a real, built layer', () => {
    for (const [shape, units] of [
      [[16, 16, 3], 10],
      [[8, 8, 1], 1],
      [[4, 6, 3], 64],
    ] as const) {
      expect(measureDense(tf, shape, units)).toBe(denseFormula(shape[0] * shape[1] * shape[2], units));
    }
  });

  test('a 224×224×3 scan into 100 units: 15,052,900 parameters, counted without allocating them', () => {
    const before = tf.memory().numBytes;
    const count = denseCount(tf, [224, 224, 3], 100);
    expect(count).toEqual({ inputs: 150_528, units: 100, params: 15_052_900, connectionsPerOutput: 150_528 });
    expect(tf.memory().numBytes).toBe(before);
    expect(float32Bytes(count.params)).toBe(60_211_600);
  });

  test('zero units are refused', () => {
    expect(() => denseCount(tf, [224, 224, 3], 0)).toThrow('whole number ≥ 1');
  });
});

describe('convolutional', () => {
  test('a 3×3 convolution with 8 filters on 224×224×3: 224 parameters, output 224×224×8', () => {
    const count = convCount(tf, [224, 224, 3], 8, 3);
    expect(count.params).toBe(3 * 3 * 3 * 8 + 8);
    expect(count.outputShape).toEqual([224, 224, 8]);
    expect(count.connectionsPerOutput).toBe(27);
    expect(count.unsharedParams).toBe(224 * 224 * 8 * 28);
  });

  test('parameters do not depend on the image size (weight sharing)', () => {
    expect(convCount(tf, [32, 32, 3], 16, 5).params).toBe(convCount(tf, [224, 224, 3], 16, 5).params);
  });
});
