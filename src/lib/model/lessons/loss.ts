/**
 * Cross-entropy for one scan and its gradient with respect to each class score, computed by tf.grad on the
 * runtime's backend: the numbers the loss widget shows beside the formula L = −log p_y, ∂L/∂s_k = p_k − y_k.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../core/runtime';

export interface LossReading {
  probabilities: number[];
  loss: number;
  /** ∂L/∂s_k for each class score, from tf.grad. */
  gradient: number[];
}

class LossError extends Error {}

/** Scores whose softmax is `probabilities` (log p; any constant shift gives the same softmax). */
function scoresOf(probabilities: readonly number[]): number[] {
  return probabilities.map((p) => Math.log(p));
}

export async function lossAndGradient(tf: Tf, probabilities: readonly number[], label: number): Promise<LossReading> {
  if (!probabilities.every((p) => p > 0 && p < 1))
    throw new LossError('Each probability must lie strictly between 0 and 1.');
  if (!Number.isInteger(label) || label < 0 || label >= probabilities.length) throw new LossError(`No class ${label}.`);
  const [loss, gradient, p] = tf.tidy(() => {
    const y = tf.oneHot(tf.tensor1d([label], 'int32'), probabilities.length);
    const f = (s: tfc.Tensor): tfc.Tensor => tf.losses.softmaxCrossEntropy(y, s.reshape([1, -1]));
    const s = tf.tensor1d(scoresOf(probabilities));
    return [f(s), tf.grad(f)(s), tf.softmax(s)];
  });
  try {
    const [l, g, q] = await Promise.all([loss.data(), gradient.data(), p.data()]);
    return { probabilities: Array.from(q), loss: l[0] as number, gradient: Array.from(g) };
  } finally {
    tf.dispose([loss, gradient, p]);
  }
}

/** −log q for q from `from` to 1: the curve the widget draws. */
export function lossCurve(from: number, points: number): { q: number; loss: number }[] {
  return Array.from({ length: points }, (_, i) => {
    const q = from + ((1 - from) * i) / (points - 1);
    return { q, loss: -Math.log(q) };
  });
}
