/** Text the layer-parameters widget writes at run time; numbers through Intl. */
import type { BackendName } from '../../lib/model/core/runtime';

const count = new Intl.NumberFormat();
const compact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const ms = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return count.format(value);
}

/**
 * Bytes as B, kB, MB or GB (decimal units, as disk and memory sizes are quoted): the smallest unit whose value, as
 * shown (one decimal), stays below 1,000 — so 999,950 bytes read "1 MB", never "1,000 kB".
 */
export function formatBytes(bytes: number): string {
  const units = [
    ['kilobyte', 1e3],
    ['megabyte', 1e6],
    ['gigabyte', 1e9],
  ] as const;
  if (bytes < 1000) return new Intl.NumberFormat(undefined, { style: 'unit', unit: 'byte' }).format(bytes);
  const [unit, size] = units.find(([, s]) => Math.round((bytes / s) * 10) / 10 < 1000) ?? units[2];
  return new Intl.NumberFormat(undefined, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / size);
}

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  building: 'Building the layers…',
  ready: (n: string, ratio: string, backend: BackendName, time: string) =>
    `A fully connected layer of ${n} units needs ${ratio} times the parameters of ${n} convolution filters (tfjs on ${backend}, ${time} ms).`,
  ratio: (value: number) => compact.format(value),
  ms: (value: number) => ms.format(value),
  shape: (dims: readonly number[]) => dims.map((d) => count.format(d)).join(' × '),
  convCheck: (k: number, channels: number, n: string, params: string, shape: string) =>
    `A real tfjs Conv2D layer (${k} × ${k} kernel, ${n} filters) built on the full scan reports countParams() = ${params} = ` +
    `${k} × ${k} × ${channels} × ${n} weights + ${n} biases; its output is ${shape} numbers.`,
  denseCheck: (side: number, channels: number, n: string, measured: string, inputs: string) =>
    `The fully connected layer is too big to build here. A real tfjs Dense layer with ${n} units on a ${side} × ${side} × ` +
    `${channels} thumbnail reports countParams() = ${measured}, exactly ${inputs} × ${n} + ${n}; the same formula gives the ` +
    'full-scan count.',
  mismatch: (measured: number, formula: number) =>
    `tfjs counted ${measured} dense parameters where the formula says ${formula}.`,
};
