/**
 * The one map type of the library — a row-major grid of numbers (a scan, a convolution or pooling output, one
 * channel of an activation) — and the one pass that summarises values (count, min, max, mean, sum, zero share).
 */

/** A row-major grid of numbers: width × height values. */
export interface Grid {
  width: number;
  height: number;
  values: Float32Array | number[];
}

export interface ValueStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  sum: number;
  /** Share of values that are exactly 0: after a ReLU, the units that stayed silent. */
  zeroFraction: number;
}

/** One pass over the values; all zeros for an empty list. */
export function valueStats(values: ArrayLike<number>): ValueStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const count = values.length;
  if (count === 0) return { count, min: 0, max: 0, mean: 0, sum: 0, zeroFraction: 0 };
  return { count, min, max, mean: sum / count, sum, zeroFraction: zeros / count };
}

/** One channel of an [h, w, c] activation, as a grid. */
export function channelOf(data: ArrayLike<number>, shape: readonly number[], channel: number): Grid {
  const [height = 1, width = 1, channels = 1] = shape;
  const values = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) values[i] = data[i * channels + channel] ?? 0;
  return { width, height, values };
}

/** Sum of one channel of an [h, w, c] activation: a compact fingerprint for comparing two computations. */
export function channelSum(data: ArrayLike<number>, channels: number, channel: number): number {
  let sum = 0;
  for (let i = channel; i < data.length; i += channels) sum += data[i] as number;
  return sum;
}
