/**
 * Pooling on a single-channel map (a scan as the network receives it, or one activation channel): max or average
 * over square windows with a stride, 'valid' placement (no padding), with tfjs's own tf.maxPool / tf.avgPool.
 * Also the arithmetic a reader checks by hand: the output size and which input window an output cell summarises.
 */
import type * as tfc from '@tensorflow/tfjs';
import { preprocessGray, type InputSpec, type RawImage } from '../core/preprocess';
import { valueStats, type Grid } from '../core/grid';
import type { Tf } from '../core/runtime';
import { convolveGray, gridTensor } from './convolution';
import { preset } from './kernels';

export type PoolOp = 'max' | 'avg';
export const POOL_OPS: readonly PoolOp[] = ['max', 'avg'];

/** What is pooled: the scan's pixels, or a feature map made from them (what pooling acts on inside a CNN). */
export type PoolSource = 'scan' | 'edges';
export const POOL_SOURCES: readonly PoolSource[] = ['scan', 'edges'];

export class PoolingError extends Error {}

/** Output cells along one side for 'valid' pooling: ⌊(n − k) / s⌋ + 1, or 0 when the window does not fit. */
export function pooledSize(n: number, window: number, stride: number): number {
  if (!Number.isInteger(window) || window < 1)
    throw new PoolingError(`The window must be a whole number ≥ 1, got ${window}.`);
  if (!Number.isInteger(stride) || stride < 1)
    throw new PoolingError(`The stride must be a whole number ≥ 1, got ${stride}.`);
  return n < window ? 0 : Math.floor((n - window) / stride) + 1;
}

/** The input rows/columns an output cell (row, col) summarises: a window × window square from (top, left). */
export interface PoolWindow {
  top: number;
  left: number;
  size: number;
}

export function windowOf(row: number, col: number, window: number, stride: number): PoolWindow {
  return { top: row * stride, left: col * stride, size: window };
}

/** The values under a window, row by row (for showing the reader the numbers being pooled). */
export function valuesIn(grid: Grid, win: PoolWindow): number[][] {
  const rows: number[][] = [];
  for (let r = win.top; r < Math.min(grid.height, win.top + win.size); r++) {
    const row: number[] = [];
    for (let c = win.left; c < Math.min(grid.width, win.left + win.size); c++)
      row.push(grid.values[r * grid.width + c] ?? 0);
    rows.push(row);
  }
  return rows;
}

/** Max or mean of a window's values, computed in plain JavaScript: the reference the tfjs result is checked against. */
export function poolByHand(values: readonly (readonly number[])[], op: PoolOp): number {
  const flat = values.flat();
  if (flat.length === 0) throw new PoolingError('An empty window has no pooled value.');
  return op === 'max' ? Math.max(...flat) : flat.reduce((sum, v) => sum + v, 0) / flat.length;
}

/** The scan as the network receives it, before scaling: grayscale, resized to size × size, values 0..255. */
export function scanGrid(image: RawImage, spec: InputSpec): Grid {
  return { width: spec.size, height: spec.size, values: preprocessGray(image, spec.size) };
}

/** Pools a grid with tf.maxPool or tf.avgPool ('valid'); the result is read back and every tensor disposed. */
export async function poolGrid(tf: Tf, grid: Grid, op: PoolOp, window: number, stride: number): Promise<Grid> {
  const width = pooledSize(grid.width, window, stride);
  const height = pooledSize(grid.height, window, stride);
  if (width === 0 || height === 0) {
    throw new PoolingError(`A ${window} × ${window} window does not fit in a ${grid.width} × ${grid.height} map.`);
  }
  const pooled = tf.tidy(() => {
    const input = tf.tensor3d(grid.values, [grid.height, grid.width, 1]);
    return op === 'max' ? tf.maxPool(input, window, stride, 'valid') : tf.avgPool(input, window, stride, 'valid');
  }) as tfc.Tensor3D;
  const values = (await pooled.data()) as Float32Array;
  const [h, w] = pooled.shape;
  pooled.dispose();
  if (h !== height || w !== width) throw new PoolingError(`tfjs pooled to ${h} × ${w}, expected ${height} × ${width}.`);
  return { width, height, values };
}

/** Sum, mean, min and max of a grid's values: a compact fingerprint for comparing two computations. */
export function summarise(grid: Grid): { sum: number; mean: number; min: number; max: number } {
  const { sum, mean, min, max } = valueStats(grid.values);
  return { sum, mean, min, max };
}

/**
 * A feature map as a CNN's first layer would hand it to pooling: the scan convolved with the Sobel x kernel
 * ('same' padding, so the size is kept), then ReLU. Bright where brightness rises from left to right, zero elsewhere.
 */
export async function edgeMap(tf: Tf, grid: Grid): Promise<Grid> {
  const map = tf.tidy(() => {
    const gray = gridTensor(tf, grid);
    return tf.relu(convolveGray(tf, gray, preset('sobel-x'), 1, 'same'));
  });
  try {
    return { width: grid.width, height: grid.height, values: (await map.data()) as Float32Array };
  } finally {
    map.dispose();
  }
}
