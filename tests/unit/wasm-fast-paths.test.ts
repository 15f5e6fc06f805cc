/**
 * The wasm fast-path wrappers (transposed and fused matMul, GatherV2 and its gradient, Tile, FusedBatchNorm) against
 * the cpu backend's kernels.
 */
import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Tf } from '../../src/lib/model/core/runtime';
import { registerWasmGradients } from '../../src/lib/model/training/wasm-gradients';
import { TOLERANCE, onBoth, record, values, wasmAndCpu, weightedSum, worstCases } from './wasm-compare';

let tf: Tf;
beforeAll(async () => {
  tf = await wasmAndCpu();
  registerWasmGradients(tf);
});

describe('fast-path wrappers, wasm vs cpu', () => {
  test("matMul and fused matMul, batched, every transpose combination (wasm's fused kernel gets the bias wrong there)", async () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const label = `tA ${transposeA} tB ${transposeB}`;
      const { cpu, wasm } = await onBoth(() => {
        const a = tf.tensor3d(values(2 * 35, 5), transposeA ? [2, 5, 7] : [2, 7, 5]);
        const b = tf.tensor3d(values(2 * 30, 6), transposeB ? [2, 6, 5] : [2, 5, 6]);
        const bias = tf.tensor1d(values(6, 7));
        return [
          tf.matMul(a, b, transposeA, transposeB),
          tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation: 'relu' }),
        ];
      });
      expect(record('matMul', label, cpu[0] as Float32Array, wasm[0] as Float32Array)).toBeLessThan(TOLERANCE);
      expect(record('fused matMul', label, cpu[1] as Float32Array, wasm[1] as Float32Array)).toBeLessThan(TOLERANCE);
    }
  });

  test("gather on axis 0 and 1, with batchDims 1 (wasm's own kernel is wrong there), int32, and its gradient", async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor3d(values(3 * 5 * 20, 8), [3, 5, 20]);
      const ids = tf.tensor1d([4, 0, 4, 2], 'int32');
      const perBatch = tf.tensor2d(
        [
          [0, 4],
          [1, 2],
          [3, 3],
        ],
        [3, 2],
        'int32',
      );
      const grad = tf.grad((t: tfc.Tensor) => weightedSum(tf.gather(t, tf.tensor1d([2, 0, 2, 2], 'int32'))))(x);
      return [
        tf.gather(x, ids, 1),
        tf.gather(x, tf.tensor1d([2, 0], 'int32')),
        tf.gather(x, perBatch, 1, 1),
        tf.cast(tf.gather(tf.range(0, 12, 1, 'int32').reshape([4, 3]), tf.tensor1d([3, 0, 3], 'int32')), 'float32'),
        grad,
        tf.unsortedSegmentSum(tf.tensor2d(values(10, 9), [5, 2]), tf.tensor1d([2, 0, 2, -1, 5], 'int32'), 3),
      ];
    });
    ['axis 1', 'axis 0', 'batchDims 1', 'int32'].forEach((label, i) => {
      // copies: exact
      expect(record('gather', label, cpu[i] as Float32Array, wasm[i] as Float32Array)).toBe(0);
    });
    ['gather gradient', 'unsortedSegmentSum'].forEach((label, i) => {
      // sums: up to rounding
      expect(record('segment sums', label, cpu[i + 4] as Float32Array, wasm[i + 4] as Float32Array)).toBeLessThan(
        TOLERANCE,
      );
    });
    expect(() => tf.gather(tf.ones([3]), tf.tensor1d([3], 'int32'))).toThrow(/not in \[0, 2\]/);
  });
});

describe('Tile and FusedBatchNorm wrappers, wasm vs cpu', () => {
  test('tile: inner and outer repeats, size-1 axes, int32 and bool', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor3d(values(2 * 3 * 4, 12), [2, 3, 4]);
      return [
        tf.tile(x, [3, 1, 2]),
        tf.tile(x, [1, 4, 1]),
        tf.tile(tf.reshape(x, [1, 24, 1]), [5, 1, 7]),
        tf.tile(tf.tensor1d([1, 2, 3]), [4]),
        tf.cast(tf.tile(tf.tensor2d([[1, -2]], [1, 2], 'int32'), [3, 2]), 'float32'),
        tf.cast(tf.tile(tf.tensor1d([true, false], 'bool'), [3]), 'float32'),
      ];
    });
    cpu.forEach((c, i) => expect(record('tile', `case ${i}`, c, wasm[i] as Float32Array)).toBe(0));
  });

  test('batchNorm forward (with and without scale/offset, 2D and 4D) and its gradient, which tiles', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(values(3 * 5 * 4 * 6, 13), [3, 5, 4, 6]);
      const [mean, variance, offset, scale] = [14, 15, 16, 17].map(
        (seed, i) => tf.add(tf.tensor1d(values(6, seed)), i === 1 ? 1.5 : 0) as tfc.Tensor1D,
      );
      const grads = tf.grads((a: tfc.Tensor, g: tfc.Tensor, b: tfc.Tensor) =>
        weightedSum(tf.batchNorm(a, mean as tfc.Tensor1D, variance as tfc.Tensor1D, b, g, 1e-3)),
      )([x, scale as tfc.Tensor, offset as tfc.Tensor]);
      return [
        tf.batchNorm(x, mean as tfc.Tensor1D, variance as tfc.Tensor1D, offset, scale, 1e-3),
        tf.batchNorm(x, mean as tfc.Tensor1D, variance as tfc.Tensor1D, undefined, undefined, 1e-3),
        tf.batchNorm(tf.reshape(x, [60, 6]), mean as tfc.Tensor1D, variance as tfc.Tensor1D, offset, scale),
        ...grads,
      ];
    });
    ['4D', 'no scale/offset', '2D', 'dX', 'dScale', 'dOffset'].forEach((label, i) => {
      expect(record('batchNorm', label, cpu[i] as Float32Array, wasm[i] as Float32Array)).toBeLessThan(TOLERANCE);
    });
  });
});

test('worst wasm–cpu difference of every check (shown with --reporter=verbose)', async ({ annotate }) => {
  await annotate(worstCases());
});
