/** Every piece of text the neuron widget writes at run time (the static labels are in Neuron.astro). */
import type { ActivationName } from '../../lib/model/lessons/neuron';
import type { BackendName } from '../../lib/model/core/runtime';

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  computing: 'Computing…',
  ready: (y: string, backend: BackendName, ms: string) =>
    `Output y = ${y}, computed with TensorFlow.js on ${backend} in ${ms} ms.`,
  activationName: { relu: 'ReLU', sigmoid: 'σ', tanh: 'tanh' } satisfies Record<ActivationName, string>,
  activationLong: { relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh' } satisfies Record<ActivationName, string>,
  biasLabel: (b: string) => `b = ${b}`,
  plotX: 'z (weighted sum + bias)',
  plotY: (f: string) => `y = ${f}(z)`,
  plotLabel: (f: string, z: string, y: string) => `The ${f} curve; the current point is z = ${z}, y = ${y}.`,
  formulaText: (terms: string, b: string, z: string, f: string, y: string) =>
    `z = ${terms} + ${b} = ${z}; y = ${f}(${z}) = ${y}`,
};

/** Two decimals, with a true minus sign. */
const fixed2 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ms = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Two decimals and a true minus sign; a value that rounds to zero prints as 0.00, never −0.00. */
export function formatValue(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return fixed2.format(rounded === 0 ? 0 : rounded).replace('-', '−');
}

/** A factor in a product: negative numbers in parentheses, as written by hand. */
export function formatFactor(value: number): string {
  const text = formatValue(value);
  return value < 0 ? `(${text})` : text;
}

export function formatMs(value: number): string {
  return ms.format(value);
}
