/**
 * Kermany et al.'s limited-data experiment, on precomputed features: how a head's test accuracy and AUC grow with
 * the number of training images per class (1, 2, 5, … , all). Each run picks its images from the TRAIN split with
 * a seed, trains a softmax head on them (one dense layer, the same shape as Kermany's retrained last layer; full-batch
 * Adam from zero weights, class-weighted, a little L2), and is scored on the TEST split's features. The same code
 * runs in the page and in the Node script, on tfjs, so the two curves agree.
 * Framework-free: no DOM; the caller passes tfjs, a progress callback and an AbortSignal.
 */
import type * as tfc from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../core/rng';
import type { Tf } from '../core/runtime';
import { rocAuc } from '../evaluation/metrics';
import type { DecodedSplit } from './feature-set';

/** Training images per class; null: every training image (classes as unbalanced as the split). */
export const LIMITED_SIZES: readonly (number | null)[] = [1, 2, 5, 10, 20, 50, 100, 200, null];
export const LIMITED_SEEDS: readonly number[] = [1, 2, 3, 4, 5];

export interface LimitedConfig {
  steps: number;
  learningRate: number;
  l2: number;
}

export const LIMITED_DEFAULTS: LimitedConfig = { steps: 150, learningRate: 0.05, l2: 1e-3 };

export interface LimitedPoint {
  /** Images per class (null: all). */
  perClass: number | null;
  seed: number;
  images: number;
  accuracy: number;
  auc: number;
}

export class LimitedDataCancelled extends Error {}

/** `perClass` indices of each class (all of them for null), seeded; sorted, so the order cannot matter. */
export function pickPerClass(
  labels: ArrayLike<number>,
  classes: number,
  perClass: number | null,
  seed: number,
): number[] {
  const rng = createRng(seed);
  const picked: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members = Array.from(labels, (label, i) => (label === c ? i : -1)).filter((i) => i >= 0);
    picked.push(...(perClass === null ? members : shuffleInPlace(members, rng).slice(0, perClass)));
  }
  return picked.sort((a, b) => a - b);
}

/** Per-dimension mean and spread of the whole train split: every run standardises its features with them. */
function standardiser(train: DecodedSplit): { mean: Float32Array; scale: Float32Array } {
  const { dimension: d, count: n, values } = train;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j] as number;
      mean[j] = (mean[j] as number) + v / n;
      square[j] = (square[j] as number) + (v * v) / n;
    }
  }
  const scale = Float32Array.from(
    mean,
    (m, j) => 1 / Math.max(1e-6, Math.sqrt(Math.max(0, (square[j] as number) - m * m))),
  );
  return { mean: Float32Array.from(mean), scale };
}

function rows(
  split: DecodedSplit,
  indices: readonly number[],
  s: { mean: Float32Array; scale: Float32Array },
): Float32Array {
  const d = split.dimension;
  const out = new Float32Array(indices.length * d);
  indices.forEach((index, r) => {
    for (let j = 0; j < d; j++) {
      out[r * d + j] = ((split.values[index * d + j] as number) - (s.mean[j] as number)) * (s.scale[j] as number);
    }
  });
  return out;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** One Adam step on `param` with its running averages m and v (t counts from 1). */
function adam(lr: number, param: tfc.Variable, m: tfc.Variable, v: tfc.Variable, g: tfc.Tensor, t: number): void {
  const { beta1, beta2, epsilon } = ADAM;
  m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
  v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
  param.assign(
    param.sub(
      m
        .div(1 - beta1 ** t)
        .div(
          v
            .div(1 - beta2 ** t)
            .sqrt()
            .add(epsilon),
        )
        .mul(lr),
    ),
  );
}

/** Inverse class frequency per row (as the shipped heads train), and their sum. */
function classWeights(labels: readonly number[], classes: number): { rowWeight: number[]; total: number } {
  const n = labels.length;
  const counts = Array.from({ length: classes }, (_, c) => labels.filter((l) => l === c).length);
  const rowWeight = labels.map((l) => n / (classes * (counts[l] as number)));
  return { rowWeight, total: rowWeight.reduce((a, b) => a + b, 0) };
}

/**
 * One head: full-batch Adam on the class-weighted cross-entropy, gradient written out (softmax head:
 * ∂L/∂W = Xᵀ(P − Y)·w / Σw + λW). Returns the weights as plain arrays; every tensor is disposed.
 */
function trainLinearHead(
  tf: Tf,
  x: Float32Array,
  labels: readonly number[],
  dimension: number,
  classes: number,
  config: LimitedConfig,
): { weights: Float32Array; bias: Float32Array } {
  const n = labels.length;
  const { rowWeight, total } = classWeights(labels, classes);
  const variables: tfc.Variable[] = [];
  const variable = (shape: number[]): tfc.Variable => {
    // tidy frees the zeros once the variable holds its own copy (variables are never tidied).
    const v = tf.tidy(() => tf.variable(tf.zeros(shape)));
    variables.push(v);
    return v;
  };
  const [w, b, mw, vw, mb, vb] = [
    variable([dimension, classes]),
    variable([classes]),
    variable([dimension, classes]),
    variable([dimension, classes]),
    variable([classes]),
    variable([classes]),
  ] as [tfc.Variable, tfc.Variable, tfc.Variable, tfc.Variable, tfc.Variable, tfc.Variable];
  const X = tf.tensor2d(x, [n, dimension]);
  const Y = tf.tidy(() =>
    tf
      .oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes)
      .mul(tf.tensor2d(rowWeight, [n, 1]))
      .div(total),
  );
  const W = tf.tidy(() => tf.tensor2d(rowWeight, [n, 1]).div(total));
  for (let t = 1; t <= config.steps; t++) {
    tf.tidy(() => {
      const p = tf.softmax(X.matMul(w).add(b));
      const g = p.mul(W).sub(Y); // (P − Y) · w / Σw, row by row
      adam(config.learningRate, w, mw, vw, X.transpose().matMul(g).add(w.mul(config.l2)), t);
      adam(config.learningRate, b, mb, vb, g.sum(0), t);
    });
  }
  const weights = Float32Array.from(w.dataSync());
  const bias = Float32Array.from(b.dataSync());
  [X, Y, W, ...variables].forEach((tensor) => tensor.dispose());
  return { weights, bias };
}

/** Accuracy (argmax) and the AUC of the last class's probability, computed in plain numbers. */
function scoreHead(
  head: { weights: Float32Array; bias: Float32Array },
  x: Float32Array,
  labels: ArrayLike<number>,
  dimension: number,
  classes: number,
): { accuracy: number; auc: number } {
  const n = labels.length;
  let right = 0;
  const positive: number[] = [];
  for (let i = 0; i < n; i++) {
    const logits = Array.from({ length: classes }, (_, c) => {
      let s = head.bias[c] as number;
      for (let j = 0; j < dimension; j++)
        s += (x[i * dimension + j] as number) * (head.weights[j * classes + c] as number);
      return s;
    });
    const top = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    if (logits.indexOf(top) === labels[i]) right++;
    positive.push((exps[classes - 1] as number) / sum);
  }
  return {
    accuracy: right / n,
    auc: rocAuc(
      positive,
      Array.from(labels, (l) => l === classes - 1),
    ).value,
  };
}

export interface CurveOptions {
  sizes?: readonly (number | null)[];
  seeds?: readonly number[];
  config?: LimitedConfig;
  onProgress?: (done: number, total: number, point: LimitedPoint) => void;
  signal?: AbortSignal;
  /** Called between runs so a page can paint and a cancel can land (default: a macrotask). */
  pause?: () => Promise<void>;
}

/** The whole experiment: every size × seed, in that order. Cancelling throws LimitedDataCancelled. */
export async function limitedDataCurve(
  tf: Tf,
  train: DecodedSplit,
  test: DecodedSplit,
  classes: number,
  options: CurveOptions = {},
): Promise<LimitedPoint[]> {
  const sizes = options.sizes ?? LIMITED_SIZES;
  const seeds = options.seeds ?? LIMITED_SEEDS;
  const config = options.config ?? LIMITED_DEFAULTS;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const s = standardiser(train);
  const testX = rows(
    test,
    Array.from({ length: test.count }, (_, i) => i),
    s,
  );
  const points: LimitedPoint[] = [];
  for (const perClass of sizes) {
    for (const seed of seeds) {
      if (options.signal?.aborted) throw new LimitedDataCancelled('The experiment was cancelled.');
      const indices = pickPerClass(train.labels, classes, perClass, seed);
      const labels = indices.map((i) => train.labels[i] as number);
      const head = trainLinearHead(tf, rows(train, indices, s), labels, train.dimension, classes, config);
      const point = {
        perClass,
        seed,
        images: indices.length,
        ...scoreHead(head, testX, test.labels, test.dimension, classes),
      };
      points.push(point);
      options.onProgress?.(points.length, sizes.length * seeds.length, point);
      await pause();
    }
  }
  return points;
}

export interface CurveSummary {
  perClass: number | null;
  images: number;
  accuracy: { mean: number; sd: number; min: number; max: number };
  auc: { mean: number; sd: number; min: number; max: number };
}

function spread(values: readonly number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** Mean, standard deviation and range over the seeds, per size. */
export function summariseCurve(points: readonly LimitedPoint[]): CurveSummary[] {
  const sizes = [...new Set(points.map((p) => p.perClass))];
  return sizes.map((perClass) => {
    const runs = points.filter((p) => p.perClass === perClass);
    return {
      perClass,
      images: Math.round(runs.reduce((a, p) => a + p.images, 0) / runs.length),
      accuracy: spread(runs.map((p) => p.accuracy)),
      auc: spread(runs.map((p) => p.auc)),
    };
  });
}
