/**
 * Backpropagation by hand on a network small enough to follow node by node: an 8 × 8 crop of a scan (as the network
 * receives it, v·scale + offset) → 3 × 3 convolution (valid, one filter) → ReLU → 2 × 2 max-pool → dense (9 → 2) →
 * softmax → cross-entropy. 30 weights. The forward and backward passes are plain float64 arithmetic, one array per
 * node, so a view can show every value, local derivative and chain-rule product; `checkGradients` sets them beside
 * `tf.grads` on the runtime's backend and a central finite difference.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../core/runtime';
import { createRng } from '../core/rng';

export const CROP = 8;
const KERNEL = 3;
/** Side of the convolution's output (valid padding). */
export const CONV = CROP - KERNEL + 1;
export const POOL = CONV / 2;
export const CLASSES = 2;
const POOLED = POOL * POOL;

export interface TinyNet {
  /** 3 × 3, row-major. */
  kernel: number[];
  convBias: number;
  /** 9 × 2, row-major: dense[i·2 + k] connects pooled value i to score k. */
  dense: number[];
  denseBias: number[];
}

export interface Forward {
  input: number[];
  /** Convolution output, 6 × 6. */
  z: number[];
  /** ReLU(z). */
  a: number[];
  /** Max-pool output, 3 × 3. */
  pooled: number[];
  /** For each pooled value, the index into `a` (6 × 6) of its window's winner (the first largest, as tfjs picks). */
  winner: number[];
  scores: number[];
  probs: number[];
  label: number;
  loss: number;
}

/** ∂L/∂w for every weight, shaped like the network. */
export type Gradients = TinyNet;

/** Every node's gradient ∂L/∂node, from the loss back to the input. */
export interface Backward extends Gradients {
  scores: number[];
  pooled: number[];
  a: number[];
  z: number[];
}

export class BackpropError extends Error {}

/** Seeded He-style initial weights (the kernel's centred): the same seed gives the same network. */
export function initialNet(seed: number): TinyNet {
  const rng = createRng(seed);
  const normal = (sd: number): number => {
    const u = Math.max(rng(), 1e-12);
    return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  };
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  // A kernel whose weights sum to 0 answers differences (edges, texture), not brightness: on a dark lung field a
  // kernel with a negative sum would leave every ReLU off and the whole walk with zero gradients.
  const raw = Array.from({ length: KERNEL * KERNEL }, () => normal(Math.sqrt(2 / 9)));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return {
    kernel: raw.map((v) => round(v - mean)),
    convBias: 0,
    dense: Array.from({ length: POOLED * CLASSES }, () => round(normal(Math.sqrt(2 / 9)))),
    denseBias: [0, 0],
  };
}

/** The 8 × 8 crop with its top-left at (row, col) of a size × size grid, scaled as the network's input. */
export function cropOf(
  gray: ArrayLike<number>,
  size: number,
  row: number,
  col: number,
  spec: { scale: number; offset: number },
): number[] {
  if (row < 0 || col < 0 || row + CROP > size || col + CROP > size)
    throw new BackpropError(
      `An ${CROP} × ${CROP} crop at row ${row}, column ${col} does not fit in ${size} × ${size}.`,
    );
  const crop: number[] = [];
  for (let r = 0; r < CROP; r++)
    for (let c = 0; c < CROP; c++) crop.push((gray[(row + r) * size + col + c] as number) * spec.scale + spec.offset);
  return crop;
}

function checkShapes(net: TinyNet, input: readonly number[], label: number): void {
  if (input.length !== CROP * CROP) throw new BackpropError(`The crop has ${input.length} values, not ${CROP * CROP}.`);
  if (net.kernel.length !== KERNEL * KERNEL || net.dense.length !== POOLED * CLASSES || net.denseBias.length !== 2)
    throw new BackpropError('The network’s weights have the wrong shapes.');
  if (label !== 0 && label !== 1) throw new BackpropError(`The label must be 0 or 1, not ${label}.`);
}

function convolve(net: TinyNet, input: readonly number[]): number[] {
  const z: number[] = [];
  for (let r = 0; r < CONV; r++)
    for (let c = 0; c < CONV; c++) {
      let sum = net.convBias;
      for (let i = 0; i < KERNEL; i++)
        for (let j = 0; j < KERNEL; j++)
          sum += (net.kernel[i * KERNEL + j] as number) * (input[(r + i) * CROP + c + j] as number);
      z.push(sum);
    }
  return z;
}

function maxPool(a: readonly number[]): { pooled: number[]; winner: number[] } {
  const pooled: number[] = [];
  const winner: number[] = [];
  for (let r = 0; r < POOL; r++)
    for (let c = 0; c < POOL; c++) {
      let best = -1;
      for (const [i, j] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const) {
        const index = (2 * r + i) * CONV + 2 * c + j;
        if (best < 0 || (a[index] as number) > (a[best] as number)) best = index;
      }
      pooled.push(a[best] as number);
      winner.push(best);
    }
  return { pooled, winner };
}

export function forward(net: TinyNet, input: readonly number[], label: number): Forward {
  checkShapes(net, input, label);
  const z = convolve(net, input);
  const a = z.map((v) => Math.max(0, v));
  const { pooled, winner } = maxPool(a);
  const scores = [0, 1].map(
    (k) => (net.denseBias[k] as number) + pooled.reduce((s, p, i) => s + p * (net.dense[i * CLASSES + k] as number), 0),
  );
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const sum = exps[0]! + exps[1]!;
  const probs = exps.map((e) => e / sum);
  // −log p_y from the scores (log-sum-exp), exact even when p_y rounds to 0.
  const loss = top + Math.log(sum) - (scores[label] as number);
  return { input: [...input], z, a, pooled, winner, scores, probs, label, loss };
}

/** The chain rule, node by node, from ∂L/∂L = 1 back to every weight. */
export function backward(net: TinyNet, f: Forward): Backward {
  // Softmax + cross-entropy: ∂L/∂s_k = p_k − y_k (derived in chapter 7).
  const scores = f.probs.map((p, k) => p - (k === f.label ? 1 : 0));
  const dense = f.pooled.flatMap((p) => scores.map((g) => p * g));
  const denseBias = [...scores];
  const pooled = f.pooled.map((_, i) => scores.reduce((s, g, k) => s + g * (net.dense[i * CLASSES + k] as number), 0));
  // Max-pool routes each gradient to its window's winner; the other three get 0.
  const a = new Array<number>(CONV * CONV).fill(0);
  f.winner.forEach((w, i) => (a[w] = (a[w] as number) + (pooled[i] as number)));
  // ReLU passes the gradient where its input was positive and blocks it elsewhere.
  const z = a.map((g, i) => ((f.z[i] as number) > 0 ? g : 0));
  const kernel = new Array<number>(KERNEL * KERNEL).fill(0);
  for (let r = 0; r < CONV; r++)
    for (let c = 0; c < CONV; c++) {
      const g = z[r * CONV + c] as number;
      if (g === 0) continue;
      for (let i = 0; i < KERNEL; i++)
        for (let j = 0; j < KERNEL; j++) kernel[i * KERNEL + j]! += g * (f.input[(r + i) * CROP + c + j] as number);
    }
  const convBias = z.reduce((s, g) => s + g, 0);
  return { scores, dense, denseBias, pooled, a, z, kernel, convBias };
}

/** The weights as one flat list, in the order the check and the view name them. */
function flatWeights(net: TinyNet): number[] {
  return [...net.kernel, net.convBias, ...net.dense, ...net.denseBias];
}

function netFromFlat(flat: readonly number[]): TinyNet {
  const k = KERNEL * KERNEL;
  const d = POOLED * CLASSES;
  if (flat.length !== k + 1 + d + CLASSES) throw new BackpropError(`Expected ${k + 1 + d + CLASSES} weights.`);
  return {
    kernel: flat.slice(0, k),
    convBias: flat[k] as number,
    dense: flat.slice(k + 1, k + 1 + d),
    denseBias: flat.slice(k + 1 + d),
  };
}

/** Names matching flatWeights: K[r,c], b₁, W[i,k], b₂[k] (1-based). */
function weightNames(): string[] {
  const kernel = Array.from(
    { length: KERNEL * KERNEL },
    (_, i) => `K[${Math.floor(i / KERNEL) + 1},${(i % KERNEL) + 1}]`,
  );
  const dense = Array.from(
    { length: POOLED * CLASSES },
    (_, i) => `W[${Math.floor(i / CLASSES) + 1},${(i % CLASSES) + 1}]`,
  );
  return [...kernel, 'b₁', ...dense, 'b₂[1]', 'b₂[2]'];
}

/** One step of gradient descent: w ← w − η·∂L/∂w. */
export function descend(net: TinyNet, grads: Gradients, learningRate: number): TinyNet {
  const w = flatWeights(net);
  const g = flatWeights(grads);
  return netFromFlat(w.map((v, i) => v - learningRate * (g[i] as number)));
}

export interface WeightCheck {
  name: string;
  byHand: number;
  tfGrad: number;
  finiteDifference: number;
  /** |byHand − tfGrad| */
  tfError: number;
  /** |byHand − fd| / max(|byHand|, |fd|, 1e-4) */
  fdRelativeError: number;
  /** The loss has a kink within h of this weight (a ReLU input or a pooling tie at 0): the difference is one-sided. */
  kink: boolean;
}

const FD_STEP = 1e-6;

/** Central finite difference of the loss in float64, with a kink test (the two one-sided slopes disagree). */
function finiteDifference(net: TinyNet, input: readonly number[], label: number, index: number) {
  const w = flatWeights(net);
  const lossAt = (delta: number): number => {
    const moved = [...w];
    moved[index] = (moved[index] as number) + delta;
    return forward(netFromFlat(moved), input, label).loss;
  };
  const [minus, here, plus] = [lossAt(-FD_STEP), lossAt(0), lossAt(FD_STEP)];
  const right = (plus - here) / FD_STEP;
  const left = (here - minus) / FD_STEP;
  const kink = Math.abs(right - left) > 1e-4 * Math.max(1, Math.abs(right), Math.abs(left));
  return { value: (plus - minus) / (2 * FD_STEP), kink };
}

/** ∂L/∂(every weight) from tf.grads on the runtime's backend: the same network written as tfjs ops. */
async function tfGradients(tf: Tf, net: TinyNet, input: readonly number[], label: number): Promise<number[]> {
  const grads = tf.tidy(() => {
    const x = tf.tensor4d([...input], [1, CROP, CROP, 1]);
    const y = tf.oneHot(tf.tensor1d([label], 'int32'), CLASSES);
    const loss = (...[kernel, convBias, dense, denseBias]: tfc.Tensor[]): tfc.Tensor => {
      const k = (kernel as tfc.Tensor).reshape([KERNEL, KERNEL, 1, 1]) as tfc.Tensor4D;
      const z = tf.conv2d(x, k, 1, 'valid').add(convBias as tfc.Tensor) as tfc.Tensor4D;
      const pooled = tf.maxPool(tf.relu(z), 2, 2, 'valid').reshape([1, POOLED]);
      const scores = pooled.matMul((dense as tfc.Tensor).reshape([POOLED, CLASSES])).add(denseBias as tfc.Tensor);
      return tf.losses.softmaxCrossEntropy(y, scores);
    };
    const g = tf.grads(loss)([
      tf.tensor1d(net.kernel),
      tf.scalar(net.convBias),
      tf.tensor1d(net.dense),
      tf.tensor1d(net.denseBias),
    ]);
    return tf.concat(g.map((t) => t.reshape([-1])));
  });
  try {
    return Array.from(await grads.data());
  } finally {
    grads.dispose();
  }
}

/** Every weight's gradient three ways: by hand (the step-through), tf.grads, and a central finite difference. */
export async function checkGradients(
  tf: Tf,
  net: TinyNet,
  input: readonly number[],
  label: number,
): Promise<WeightCheck[]> {
  const f = forward(net, input, label);
  const byHand = flatWeights(backward(net, f));
  const fromTf = await tfGradients(tf, net, input, label);
  return weightNames().map((name, i) => {
    const hand = byHand[i] as number;
    const fd = finiteDifference(net, input, label, i);
    return {
      name,
      byHand: hand,
      tfGrad: fromTf[i] as number,
      finiteDifference: fd.value,
      tfError: Math.abs(hand - (fromTf[i] as number)),
      fdRelativeError: Math.abs(hand - fd.value) / Math.max(Math.abs(hand), Math.abs(fd.value), 1e-4),
      kink: fd.kink,
    };
  });
}

/** The worst of a check: largest tf error, largest finite-difference relative error away from kinks, kink count. */
export function worstOf(checks: readonly WeightCheck[]): { tfError: number; fdRelativeError: number; kinks: number } {
  return {
    tfError: Math.max(...checks.map((c) => c.tfError)),
    fdRelativeError: Math.max(0, ...checks.filter((c) => !c.kink).map((c) => c.fdRelativeError)),
    kinks: checks.filter((c) => c.kink).length,
  };
}
