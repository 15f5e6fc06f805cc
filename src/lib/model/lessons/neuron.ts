/**
 * One artificial neuron: a weighted sum of its inputs plus a bias, passed through an activation function,
 * y = f(Σ wᵢ xᵢ + b). Computed with tfjs ops (the same ones a network's layers use) and read back as numbers.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../core/runtime';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export function isActivation(value: string): value is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(value);
}

class NeuronError extends Error {}

/** The activation as a tfjs op, applied element-wise. */
function activate(tf: Tf, name: ActivationName, z: tfc.Tensor): tfc.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
  }
}

/** The same functions in plain arithmetic, for tests and for checking the tfjs numbers by hand. */
export function activationByHand(name: ActivationName, z: number): number {
  switch (name) {
    case 'relu':
      return Math.max(0, z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
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
  // One tensor, one read: on WebGL every read-back is a GPU round trip, so terms, z and y travel together.
  const packed = tf.tidy(() => {
    const products = tf.tensor1d([...inputs]).mul(tf.tensor1d([...weights]));
    const z = products.sum().add(bias).reshape([1]);
    return tf.concat([products, z, activate(tf, activation, z)]);
  });
  try {
    const values = Array.from(await packed.data());
    return {
      terms: values.slice(0, inputs.length),
      z: values[inputs.length] ?? Number.NaN,
      y: values[inputs.length + 1] ?? Number.NaN,
    };
  } finally {
    packed.dispose();
  }
}

export interface Curve {
  z: Float32Array;
  y: Float32Array;
}

/** f sampled at `points` evenly spaced z from `from` to `to`, for plotting. */
export async function activationCurve(
  tf: Tf,
  name: ActivationName,
  from: number,
  to: number,
  points: number,
): Promise<Curve> {
  if (!(points >= 2) || !(to > from))
    throw new NeuronError(`A curve needs at least 2 points over a range, got ${points} over [${from}, ${to}].`);
  const packed = tf.tidy(() => {
    const z = tf.linspace(from, to, points);
    return tf.stack([z, activate(tf, name, z)]);
  });
  try {
    const values = (await packed.data()) as Float32Array;
    return { z: values.slice(0, points), y: values.slice(points) };
  } finally {
    packed.dispose();
  }
}
