/**
 * The backprop step-through: on real 8 × 8 crops of gallery scans, the gradients computed by hand, node by node,
 * equal tf.grads on tfjs-wasm within 1e-5 and a central finite difference within 1e-3 relative; max-pool routes a
 * gradient only to its window's winner, ReLU blocks it where its input was negative; one step of gradient descent
 * with a small learning rate lowers the loss.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { preprocessGray } from '../../src/lib/model/core/preprocess';
import {
  BackpropError,
  CONV,
  backward,
  checkGradients,
  cropOf,
  descend,
  forward,
  initialNet,
  worstOf,
} from '../../src/lib/model/lessons/backprop';
import { decodeImage } from '../../src/node/decode';
import { SITE_SAMPLES } from '../../src/node/paths';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();
const INPUT = { size: 224, scale: 2 / 255, offset: -1 };

const manifest = join(SITE_SAMPLES, 'manifest.json');
const scans = existsSync(manifest)
  ? (JSON.parse(readFileSync(manifest, 'utf8')) as { scans: { file: string; id: string; dataset: string }[] }).scans
      .filter((s) => s.dataset === 'cxr')
      .slice(0, 3)
  : [];

async function grayOf(file: string, id: string): Promise<Float32Array> {
  return preprocessGray(await decodeImage(readFileSync(join(SITE_SAMPLES, file)), id), INPUT.size);
}

/** A synthetic crop for when no gallery is installed: a smooth ramp with a bright blob (no ties, no flat parts). */
const synthetic = Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.7) * 0.6 + (i % 8) * 0.05 - 0.1);

describe('backprop by hand', () => {
  test('max-pool routes to the winner only; ReLU blocks where z ≤ 0', () => {
    const net = initialNet(3);
    const f = forward(net, synthetic, 1);
    const b = backward(net, f);
    const winners = new Set(f.winner);
    b.a.forEach((g, i) => {
      if (!winners.has(i)) expect(g).toBe(0);
    });
    b.z.forEach((g, i) => {
      if ((f.z[i] as number) <= 0) expect(g).toBe(0);
      else expect(g).toBe(b.a[i]);
    });
    expect(b.z).toHaveLength(CONV * CONV);
    expect(b.scores[0]! + b.scores[1]!).toBeCloseTo(0, 12); // p − y sums to 0
  });

  test('a crop that does not fit, a wrong label', () => {
    expect(() => cropOf(new Float32Array(224 * 224), 224, 220, 0, INPUT)).toThrow(BackpropError);
    expect(() => forward(initialNet(1), synthetic, 2)).toThrow(/label/);
  });

  test('a small step against the gradient lowers the loss', () => {
    const net = initialNet(5);
    const f = forward(net, synthetic, 0);
    const after = forward(descend(net, backward(net, f), 0.01), synthetic, 0);
    expect(after.loss).toBeLessThan(f.loss);
  });
});

describe.each(scans.length ? scans : [null])('gradients on a real crop: %o', (scan) => {
  test.skipIf(scan === null)('by hand = tf.grads (1e-5) = finite differences (1e-3 relative)', async () => {
    const gray = await grayOf(scan!.file, scan!.id);
    for (const [row, col, seed, label] of [
      [100, 60, 1, 1],
      [60, 150, 2, 0],
    ] as const) {
      const input = cropOf(gray, INPUT.size, row, col, INPUT);
      const checks = await checkGradients(tf, initialNet(seed), input, label);
      const worst = worstOf(checks);
      expect(worst.tfError).toBeLessThan(1e-5);
      expect(worst.fdRelativeError).toBeLessThan(1e-3);
      expect(worst.kinks).toBeLessThan(checks.length);
      // The ReLUs are not all off: the kernel itself receives a gradient from this crop.
      expect(checks.slice(0, 9).some((c) => Math.abs(c.byHand) > 1e-6)).toBe(true);
    }
  });
});

test('tf.grads agrees on the synthetic crop too (runs without a gallery)', async () => {
  const checks = await checkGradients(tf, initialNet(9), synthetic, 1);
  const worst = worstOf(checks);
  expect(worst.tfError).toBeLessThan(1e-5);
  expect(worst.fdRelativeError).toBeLessThan(1e-3);
  expect(worst.kinks).toBe(0);
});
