/**
 * What the explanation methods share besides the model: the map type (a Grid over the model's input, one value per
 * pixel), cancellation and yielding between batches, scores computed from logits in plain JavaScript (so Node and
 * every browser backend agree to the last bit of what the logits allow), and the blurred copy of a scan.
 */
import type { Grid } from '../core/grid';
import type { ScoreSpace } from './scorer';

/** One explanation: a signed map over the input pixels (positive = evidence for the class). */
export interface ExplanationMap extends Grid {
  values: Float32Array;
}

export interface Cancellable {
  signal?: AbortSignal;
  /** Awaited between batches so a page stays responsive (default: a macrotask). */
  pause?: () => Promise<void>;
}

export class ExplainAbortedError extends Error {
  constructor() {
    super('The explanation was cancelled.');
  }
}

export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function checkpoint(options: Cancellable): Promise<void> {
  if (options.signal?.aborted) throw new ExplainAbortedError();
  await (options.pause ?? nextTask)();
  if (options.signal?.aborted) throw new ExplainAbortedError();
}

/** The class's score from one row of logits: softmax probability, or log-odds z_k − log Σ_{j≠k} exp z_j. */
export function scoreOfLogits(logits: ArrayLike<number>, target: number, space: ScoreSpace): number {
  const z = Array.from(logits);
  const mine = z[target] ?? Number.NaN;
  const others = z.filter((_, i) => i !== target);
  const top = Math.max(mine, ...others);
  if (space === 'probability') {
    const total = z.reduce((sum, v) => sum + Math.exp(v - top), 0);
    return Math.exp(mine - top) / total;
  }
  if (others.length === 0) return mine;
  const high = Math.max(...others);
  return mine - (high + Math.log(others.reduce((sum, v) => sum + Math.exp(v - high), 0)));
}

/** Separable Gaussian blur of a square gray image (edges clamped): the "blurred" fill and insertion's start. */
export function blurGray(gray: Float32Array, size: number, sigma = 5): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const norm = kernel.reduce((a, b) => a + b, 0);
  const pass = (source: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(source.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + k)) : x;
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + k));
          sum += (kernel[k + radius] as number) * (source[yy * size + xx] as number);
        }
        out[y * size + x] = sum / norm;
      }
    }
    return out;
  };
  return pass(pass(gray, true), false);
}

/** Mirrors a square map left to right (flipping a scan should mirror a faithful map). */
export function mirror(values: Float32Array, size: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) out[y * size + x] = values[y * size + size - 1 - x] as number;
  return out;
}

/** Row and column of the largest finite value. */
export function peakOf(map: Grid): { row: number; col: number; value: number } {
  let best = -Infinity;
  let at = 0;
  for (let i = 0; i < map.values.length; i++) {
    const v = map.values[i] as number;
    if (Number.isFinite(v) && v > best) [best, at] = [v, i];
  }
  return { row: Math.floor(at / map.width), col: at % map.width, value: best };
}
