/**
 * Shared by the wasm kernel tests: runs the same computation on the cpu and wasm backends and records the worst
 * relative difference per check, which each file reports (as a test annotation) at its end.
 */
import type * as tfc from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { createRng } from '../../src/lib/model/core/rng';
import { loadRuntime, type Tf } from '../../src/lib/model/core/runtime';

type Backend = 'cpu' | 'wasm';
export const TOLERANCE = 1e-4; // max |wasm − cpu| relative to max |cpu|

let tf: Tf;
/** Worst relative difference per check, reported at the end. */
const worst = new Map<string, { abs: number; rel: number; label: string }>();

/** tfjs on wasm, with cpu available for the references; not nodeRuntime(), which registers Lightbox's kernels. */
export async function wasmAndCpu(): Promise<Tf> {
  const runtime = await loadRuntime({ allowed: ['wasm', 'cpu'], preferred: 'wasm' });
  expect(runtime.backend).toBe('wasm');
  tf = runtime.tf;
  return tf;
}

/** The worst case of every check so far, one line each. */
export function worstCases(): string {
  const rows = [...worst].map(
    ([check, w]) => `${check}: max |Δ| ${w.abs.toExponential(1)}, relative ` + `${w.rel.toExponential(1)} (${w.label})`,
  );
  return `wasm vs cpu, worst cases:\n  ${rows.join('\n  ')}`;
}

export function values(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => rng() * 2 - 1);
}

/** Runs f on cpu, then twice on wasm (checking nothing leaks), and returns both backends' outputs. */
export async function onBoth(f: () => tfc.Tensor[]): Promise<Record<Backend, Float32Array[]>> {
  const read = (): Float32Array[] => tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
  await tf.setBackend('cpu');
  const cpu = read();
  await tf.setBackend('wasm');
  read();
  const before = tf.memory().numTensors;
  const wasm = read();
  expect(tf.memory().numTensors).toBe(before);
  return { cpu, wasm };
}

export function record(check: string, label: string, cpu: Float32Array, wasm: Float32Array): number {
  expect(wasm.length).toBe(cpu.length);
  let abs = 0;
  let magnitude = 0;
  cpu.forEach((v, i) => {
    abs = Math.max(abs, Math.abs(v - (wasm[i] as number)));
    magnitude = Math.max(magnitude, Math.abs(v));
  });
  const rel = abs / Math.max(magnitude, 1e-12);
  if (rel > (worst.get(check)?.rel ?? -1)) worst.set(check, { abs, rel, label });
  return rel;
}

/** Σ conv(x, w) · r for a fixed random r: its gradients are dX and dW for an arbitrary upstream gradient r. */
export function weightedSum(y: tfc.Tensor): tfc.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(values(y.size, 99), y.shape)));
}
