/**
 * One artificial neuron: a weighted sum of its inputs plus a bias, passed through an activation function,
 * y = f(Σ wᵢ xᵢ + b). Computed with tfjs ops (the same ones a network's layers use) and read back as numbers.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from './runtime';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export function isActivation(value: string): value is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(value);
}

export class NeuronError extends Error {}

/** The activation as a tfjs op, applied element-wise. */
export function activate(tf: Tf, name: ActivationName, z: tfc.Tensor): tfc.Tensor {
  switch (name) {
    case 'relu': return tf.relu(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
  }
}

/** The same functions in plain arithmetic, for tests and for checking the tfjs numbers by hand. */
export function activationByHand(name: ActivationName, z: number): number {
  switch (name) {
    case 'relu': return Math.max(0, z);
    case 'sigmoid': return 1 / (1 + Math.exp(-z));
    case 'tanh': return Math.tanh(z);
  }
}

export interface NeuronParams {
  inputs: readonly number[];
  weights: readonly number[];
  bias: number;
  activation: ActivationName;
}

export interface NeuronOutput {
  /** wᵢ · xᵢ for each input. */
  terms: number[];
  /** The weighted sum plus bias, before the activation. */
  z: number;
  /** f(z). */
  y: number;
}

export async function neuronForward(tf: Tf, params: NeuronParams): Promise<NeuronOutput> {
  const { inputs, weights, bias, activation } = params;
  if (inputs.length === 0 || inputs.length !== weights.length) {
    throw new NeuronError(`A neuron needs one weight per input: ${inputs.length} inputs, ${weights.length} weights.`);
  }
  const [terms, z, y] = tf.tidy(() => {
    const products = tf.tensor1d([...inputs]).mul(tf.tensor1d([...weights]));
    const sum = products.sum().add(bias);
    return [products, sum, activate(tf, activation, sum)];
  });
  try {
    const [t, zv, yv] = await Promise.all([terms.data(), z.data(), y.data()]);
    return { terms: Array.from(t), z: zv[0] ?? Number.NaN, y: yv[0] ?? Number.NaN };
  } finally {
    tf.dispose([terms, z, y]);
  }
}

export interface Curve {
  z: Float32Array;
  y: Float32Array;
}

/** f sampled at `points` evenly spaced z from `from` to `to`, for plotting. */
export async function activationCurve(tf: Tf, name: ActivationName, from: number, to: number, points: number): Promise<Curve> {
  if (!(points >= 2) || !(to > from)) throw new NeuronError(`A curve needs at least 2 points over a range, got ${points} over [${from}, ${to}].`);
  const [zs, ys] = tf.tidy(() => {
    const z = tf.linspace(from, to, points);
    return [z, activate(tf, name, z)];
  });
  try {
    const [z, y] = await Promise.all([zs.data(), ys.data()]);
    return { z: z as Float32Array, y: y as Float32Array };
  } finally {
    tf.dispose([zs, ys]);
  }
}
