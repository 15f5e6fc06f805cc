/**
 * The softmax with a temperature, p_k = exp(z_k / T) / Σ_j exp(z_j / T): with tfjs (the op a network's last layer
 * uses) and by hand (each step of the table the widget shows), and the cross-entropy penalty −log p_y.
 */
import type { Tf } from '../core/runtime';

export class SoftmaxError extends Error {}

function check(scores: readonly number[], temperature: number): void {
  if (scores.length < 2) throw new SoftmaxError('The softmax needs at least two scores.');
  if (!scores.every(Number.isFinite)) throw new SoftmaxError('Every score must be a finite number.');
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new SoftmaxError('The temperature must be above 0.');
}

/** Probabilities from tf.softmax on the runtime's backend. */
export async function softmaxOnRuntime(tf: Tf, scores: readonly number[], temperature: number): Promise<number[]> {
  check(scores, temperature);
  const p = tf.tidy(() => tf.softmax(tf.div(tf.tensor1d([...scores]), temperature)));
  try {
    return Array.from(await p.data());
  } finally {
    p.dispose();
  }
}

export interface SoftmaxSteps {
  /** z_k / T */
  scaled: number[];
  /** exp(z_k / T − max_j z_j / T): the same ratios as exp(z_k / T), without overflow. */
  exps: number[];
  sum: number;
  probabilities: number[];
}

/** The softmax step by step in plain arithmetic; subtracting the largest scaled score changes no probability. */
export function softmaxSteps(scores: readonly number[], temperature: number): SoftmaxSteps {
  check(scores, temperature);
  const scaled = scores.map((z) => z / temperature);
  const top = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { scaled, exps, sum, probabilities: exps.map((e) => e / sum) };
}

/** The cross-entropy penalty for true class y, −log p_y (natural log). */
export function crossEntropy(probabilities: readonly number[], truth: number): number {
  const p = probabilities[truth];
  if (p === undefined) throw new SoftmaxError(`There is no class ${truth}.`);
  return -Math.log(p);
}
