import { beforeAll, describe, expect, test } from 'vitest';
import {
  edgeMap,
  PoolingError,
  poolByHand,
  poolGrid,
  pooledSize,
  scanGrid,
  summarise,
  valuesIn,
  windowOf,
} from '../../src/lib/model/lessons/pooling';
import type { Grid } from '../../src/lib/model/core/grid';
import type { Tf } from '../../src/lib/model/core/runtime';
import { nodeRuntime } from '../../src/node/runtime';

let tf: Tf;

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

/** 4 × 4 map with values 0..15, row by row. */
const GRID: Grid = { width: 4, height: 4, values: Float32Array.from({ length: 16 }, (_, i) => i) };

describe('pooling arithmetic', () => {
  test('pooledSize is ⌊(n − k) / s⌋ + 1, 0 when the window does not fit', () => {
    expect(pooledSize(224, 2, 2)).toBe(112);
    expect(pooledSize(224, 3, 2)).toBe(111);
    expect(pooledSize(224, 8, 8)).toBe(28);
    expect(pooledSize(224, 1, 1)).toBe(224);
    expect(pooledSize(5, 3, 1)).toBe(3);
    expect(pooledSize(2, 3, 1)).toBe(0);
    expect(() => pooledSize(10, 0, 1)).toThrow(new PoolingError('The window must be a whole number ≥ 1, got 0.'));
    expect(() => pooledSize(10, 2, 1.5)).toThrow(new PoolingError('The stride must be a whole number ≥ 1, got 1.5.'));
  });

  test('windowOf and valuesIn give the input square an output cell summarises', () => {
    expect(windowOf(1, 0, 2, 2)).toEqual({ top: 2, left: 0, size: 2 });
    expect(valuesIn(GRID, windowOf(1, 0, 2, 2))).toEqual([
      [8, 9],
      [12, 13],
    ]);
    expect(valuesIn(GRID, windowOf(1, 1, 3, 1))).toEqual([
      [5, 6, 7],
      [9, 10, 11],
      [13, 14, 15],
    ]);
  });

  test('poolByHand: max and mean; an empty window is an error', () => {
    expect(
      poolByHand(
        [
          [8, 9],
          [12, 13],
        ],
        'max',
      ),
    ).toBe(13);
    expect(
      poolByHand(
        [
          [8, 9],
          [12, 13],
        ],
        'avg',
      ),
    ).toBe(10.5);
    expect(() => poolByHand([], 'max')).toThrow(PoolingError);
  });

  test('summarise', () => {
    expect(summarise(GRID)).toEqual({ sum: 120, mean: 7.5, min: 0, max: 15 });
  });
});

describe('poolGrid with tfjs', () => {
  test('max and average 2 × 2 / 2 on a 4 × 4 map, by hand', async () => {
    expect(Array.from((await poolGrid(tf, GRID, 'max', 2, 2)).values)).toEqual([5, 7, 13, 15]);
    expect(Array.from((await poolGrid(tf, GRID, 'avg', 2, 2)).values)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  test('every output cell equals the hand-pooled window, for overlapping windows too; no tensor is left', async () => {
    const before = tf.memory().numTensors;
    for (const [op, k, s] of [
      ['max', 3, 1],
      ['avg', 3, 2],
      ['max', 1, 3],
    ] as const) {
      const out = await poolGrid(tf, GRID, op, k, s);
      expect([out.height, out.width]).toEqual([pooledSize(4, k, s), pooledSize(4, k, s)]);
      for (let r = 0; r < out.height; r++) {
        for (let c = 0; c < out.width; c++) {
          expect(out.values[r * out.width + c]).toBeCloseTo(poolByHand(valuesIn(GRID, windowOf(r, c, k, s)), op), 5);
        }
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a window larger than the map is refused with a clear message', async () => {
    await expect(poolGrid(tf, GRID, 'max', 5, 1)).rejects.toThrow('A 5 × 5 window does not fit in a 4 × 4 map.');
  });

  test('scanGrid: the 224 px grayscale input in 0..255', async () => {
    const image = { width: 448, height: 448, channels: 1 as const, data: new Uint8Array(448 * 448).fill(200) };
    const grid = scanGrid(image, { size: 224, scale: 1 / 127.5, offset: -1 });
    expect([grid.width, grid.height, grid.values.length]).toEqual([224, 224, 224 * 224]);
    expect(summarise(grid)).toMatchObject({ min: 200, max: 200 });
  });
});

describe('edgeMap: what a first convolution with ReLU hands to pooling', () => {
  test('a dark-to-bright step lights up only at the step, never negative; the size is kept; no tensor is left', async () => {
    // 6 × 6: columns 0–2 dark (10), columns 3–5 bright (200).
    const step: Grid = {
      width: 6,
      height: 6,
      values: Float32Array.from({ length: 36 }, (_, i) => (i % 6 < 3 ? 10 : 200)),
    };
    const before = tf.memory().numTensors;
    const edges = await edgeMap(tf, step);
    expect(tf.memory().numTensors).toBe(before);
    expect([edges.width, edges.height]).toEqual([6, 6]);
    // Sobel x at an interior row: (−1·10 + 1·200) · (1 + 2 + 1) = 760 at columns 2 and 3, 0 inside each flat region;
    // column 0 sees the zero padding on its left, a rise from 0 to 10: 40.
    expect(Array.from(edges.values.slice(12, 18))).toEqual([40, 0, 760, 760, 0, 0]);
    expect(Math.min(...edges.values)).toBe(0);
    // Bright-to-dark gives a negative response, which ReLU removes: the mirrored step keeps only the padding's rise.
    const mirrored: Grid = { ...step, values: step.values.map((v) => 210 - v) };
    expect(Array.from((await edgeMap(tf, mirrored)).values.slice(12, 18))).toEqual([800, 0, 0, 0, 0, 0]);
  });
});
