import { describe, expect, test } from 'vitest';
import {
  DEFAULT_AUGMENT,
  applyAugment,
  drawAugment,
  equalise,
  type AugmentDraw,
} from '../../src/lib/model/training/augment';
import { createRng } from '../../src/lib/model/core/rng';

const SIZE = 16;
const ramp = Float32Array.from({ length: SIZE * SIZE }, (_, i) => (i % SIZE) * 16);
const IDENTITY: AugmentDraw = {
  brightness: 0,
  contrast: 1,
  gamma: 1,
  equalise: false,
  angle: 0,
  cropSide: 1,
  cropX: 0,
  cropY: 0,
};

describe('augmentation', () => {
  test('the identity draw returns the image unchanged', () => {
    const out = applyAugment(ramp, SIZE, IDENTITY);
    out.forEach((v, i) => expect(v).toBeCloseTo(ramp[i] as number, 4));
  });

  test('the same seed gives the same draw and pixels; another seed differs', () => {
    const a = applyAugment(ramp, SIZE, drawAugment(DEFAULT_AUGMENT, createRng(3)));
    const b = applyAugment(ramp, SIZE, drawAugment(DEFAULT_AUGMENT, createRng(3)));
    const c = applyAugment(ramp, SIZE, drawAugment(DEFAULT_AUGMENT, createRng(4)));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  test('draws stay in their configured ranges over many seeds', () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) {
      const d = drawAugment(DEFAULT_AUGMENT, rng);
      expect(Math.abs(d.brightness)).toBeLessThanOrEqual(DEFAULT_AUGMENT.brightness * 255);
      expect(d.contrast).toBeGreaterThanOrEqual(1 - DEFAULT_AUGMENT.contrast);
      expect(d.gamma).toBeGreaterThanOrEqual(1 / (1 + DEFAULT_AUGMENT.gamma) - 1e-9);
      expect(d.gamma).toBeLessThanOrEqual(1 + DEFAULT_AUGMENT.gamma + 1e-9);
      expect(Math.abs(d.angle)).toBeLessThanOrEqual((DEFAULT_AUGMENT.rotate * Math.PI) / 180);
      expect(d.cropX + d.cropSide).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  test('output stays within 0..255', () => {
    const rng = createRng(9);
    for (let i = 0; i < 20; i++) {
      for (const v of applyAugment(
        ramp,
        SIZE,
        drawAugment({ ...DEFAULT_AUGMENT, brightness: 0.5, contrast: 0.9 }, rng),
      )) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(255);
      }
    }
  });

  test('gamma above 1 darkens mid-greys; brightness shifts the mean', () => {
    const mid = new Float32Array(SIZE * SIZE).fill(128);
    expect(applyAugment(mid, SIZE, { ...IDENTITY, gamma: 2 })[0]).toBeCloseTo(255 * (128 / 255) ** 2, 3);
    expect(applyAugment(mid, SIZE, { ...IDENTITY, brightness: 20 })[0]).toBeCloseTo(148, 3);
  });

  test('a 90° rotation moves a ramp along x onto y', () => {
    const out = applyAugment(ramp, SIZE, { ...IDENTITY, angle: Math.PI / 2 });
    // After rotating, values vary down the columns, not along the rows.
    expect(Math.abs((out[SIZE * 8] as number) - (out[SIZE * 8 + 7] as number))).toBeLessThan(1e-3);
    expect(Math.abs((out[3] as number) - (out[SIZE * 12 + 3] as number))).toBeGreaterThan(50);
  });

  test('histogram equalisation spreads a narrow histogram to the full range', () => {
    const narrow = Float32Array.from({ length: 256 }, (_, i) => 100 + (i % 16));
    const out = equalise(narrow);
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBeCloseTo(255, 5);
  });
});
