/**
 * Convolution as the widgets teach it: one grayscale image, one small kernel, a stride and TensorFlow's two padding
 * modes. The output comes from tf.conv2d (WebGL in the browser); the term-by-term sum behind any one output pixel is
 * recomputed here in plain arithmetic, so a reader can check the network's number by hand.
 */
import type * as tfc from '@tensorflow/tfjs';
import { kernelValues, validateKernel, type Kernel } from './kernels';
import { preprocessGray, type RawImage } from '../core/preprocess';
import { valueStats, type Grid } from '../core/grid';
import type { Tf } from '../core/runtime';

export type Padding = 'valid' | 'same';
export const PADDINGS: readonly Padding[] = ['valid', 'same'];

export interface PadAmounts {
  before: number;
  after: number;
}

export class ConvolutionError extends Error {}

export function isPadding(value: string): value is Padding {
  return value === 'valid' || value === 'same';
}

function checkGeometry(n: number, k: number, stride: number): void {
  if (!Number.isInteger(stride) || stride < 1)
    throw new ConvolutionError(`The stride must be a whole number ≥ 1, got ${stride}.`);
  if (!Number.isInteger(n) || n < 1) throw new ConvolutionError(`The input must be at least 1 pixel wide, got ${n}.`);
  if (!Number.isInteger(k) || k < 1) throw new ConvolutionError(`The kernel must be at least 1 pixel wide, got ${k}.`);
}

/**
 * Zeros added before and after one dimension, as TensorFlow does: none for 'valid'; for 'same', just enough that
 * the output has ⌈n / s⌉ pixels, the odd one (if any) going after.
 */
export function paddingFor(n: number, k: number, stride: number, padding: Padding): PadAmounts {
  checkGeometry(n, k, stride);
  if (padding === 'valid') return { before: 0, after: 0 };
  const total = Math.max((Math.ceil(n / stride) - 1) * stride + k - n, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

/** Output size along one dimension: ⌊(n + p_before + p_after − k) / s⌋ + 1 (0 when the kernel does not fit). */
export function outputSize(n: number, k: number, stride: number, padding: Padding): number {
  const { before, after } = paddingFor(n, k, stride, padding);
  const span = n + before + after - k;
  return span < 0 ? 0 : Math.floor(span / stride) + 1;
}

interface PatchCell {
  /** Input row and column (outside the image when `inside` is false: a padding zero). */
  row: number;
  col: number;
  inside: boolean;
  x: number;
  weight: number;
  term: number;
}

export interface PatchDetail {
  /** k × k cells, row-major in kernel order: cell (p, q) pairs x(top + p, left + q) with weight (p, q). */
  cells: PatchCell[];
  top: number;
  left: number;
  /** Σ x · weight, before the divisor. */
  sumOfTerms: number;
  divisor: number;
  /** sumOfTerms / divisor: the output pixel. */
  value: number;
}

/** The input patch, the kernel and the products behind output pixel (row, col). */
export function patchAt(
  input: Grid,
  kernel: Kernel,
  stride: number,
  padding: Padding,
  row: number,
  col: number,
): PatchDetail {
  validateKernel(kernel);
  const k = kernel.size;
  const top = row * stride - paddingFor(input.height, k, stride, padding).before;
  const left = col * stride - paddingFor(input.width, k, stride, padding).before;
  const cells: PatchCell[] = [];
  let sumOfTerms = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      const r = top + p;
      const c = left + q;
      const inside = r >= 0 && c >= 0 && r < input.height && c < input.width;
      const x = inside ? (input.values[r * input.width + c] ?? 0) : 0;
      const weight = kernel.weights[p * k + q] ?? 0;
      const term = x * weight;
      sumOfTerms += term;
      cells.push({ row: r, col: c, inside, x, weight, term });
    }
  }
  return { cells, top, left, sumOfTerms, divisor: kernel.divisor, value: sumOfTerms / kernel.divisor };
}

/**
 * A scan as the convolution widget shows it: grayscale brightness 0–255 in whole numbers (so a reader can multiply
 * them by hand), resized to size × size by the shared preprocessing (plain JavaScript: the same bits everywhere).
 */
export function scanToGray(image: RawImage, size: number): Grid {
  const values = preprocessGray(image, size).map((v) => Math.round(v));
  return { width: size, height: size, values };
}

/** A grid as a [height, width, 1] tensor; the caller owns it. */
export function gridTensor(tf: Tf, grid: Grid): tfc.Tensor3D {
  return tf.tensor3d(Float32Array.from(grid.values), [grid.height, grid.width, 1]);
}

/** tf.conv2d of a [h, w, 1] image with one kernel: the output map [outH, outW]. The caller owns the result. */
export function convolveGray(
  tf: Tf,
  gray: tfc.Tensor3D,
  kernel: Kernel,
  stride: number,
  padding: Padding,
): tfc.Tensor2D {
  validateKernel(kernel);
  const [height = 0, width = 0] = gray.shape;
  checkGeometry(Math.min(height, width), kernel.size, stride);
  if (outputSize(height, kernel.size, stride, padding) < 1 || outputSize(width, kernel.size, stride, padding) < 1) {
    throw new ConvolutionError(
      `A ${kernel.size}×${kernel.size} kernel does not fit in a ${width}×${height} image without padding.`,
    );
  }
  // The zeros as explicit amounts, not 'same': tfjs-wasm returns all zeros for 'same' when the stride exceeds the
  // kernel's reach (e.g. a 3×3 kernel, stride 4 on 224 px), where TensorFlow's padding formula goes negative.
  const rows = paddingFor(height, kernel.size, stride, padding);
  const cols = paddingFor(width, kernel.size, stride, padding);
  return tf.tidy(() => {
    const filter = tf.tensor4d(kernelValues(kernel), [kernel.size, kernel.size, 1, 1]);
    const out = tf.conv2d(gray.expandDims(0) as tfc.Tensor4D, filter, stride, [
      [0, 0],
      [rows.before, rows.after],
      [cols.before, cols.after],
      [0, 0],
    ]);
    return out.squeeze([0, 3]) as tfc.Tensor2D;
  });
}

interface MapSample {
  row: number;
  col: number;
  value: number;
}

export interface MapSummary {
  width: number;
  height: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
  /** Values at fixed places (corners, quarter points and centre), for comparing two computations of one map. */
  samples: MapSample[];
}

const SAMPLE_FRACTIONS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [0.25, 0.25],
  [0.25, 0.75],
  [0.5, 0.5],
  [0.75, 0.25],
  [0.75, 0.75],
];

export function summariseMap(map: Grid): MapSummary {
  const { sum, mean, min, max } = valueStats(map.values);
  const samples = SAMPLE_FRACTIONS.map(([fr, fc]) => {
    const row = Math.round(fr * (map.height - 1));
    const col = Math.round(fc * (map.width - 1));
    return { row, col, value: map.values[row * map.width + col] ?? Number.NaN };
  });
  return {
    width: map.width,
    height: map.height,
    sum,
    mean,
    min,
    max,
    samples,
  };
}
