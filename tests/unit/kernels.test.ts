import { describe, expect, test } from 'vitest';
import {
  KernelError,
  PRESET_IDS,
  identityKernel,
  isPresetId,
  isZeroSum,
  kernelValues,
  matchingPreset,
  preset,
  resizeKernel,
  validateKernel,
} from '../../src/lib/model/lessons/kernels';

describe('kernel presets', () => {
  test('every preset is valid, and smoothing presets sum to exactly 1 after the divisor', () => {
    for (const id of PRESET_IDS) expect(() => validateKernel(preset(id))).not.toThrow();
    for (const id of ['identity', 'box3', 'box5', 'gauss3', 'gauss5', 'sharpen'] as const) {
      const k = preset(id);
      expect(k.weights.reduce((a, b) => a + b, 0)).toBe(k.divisor);
    }
  });

  test('edge detectors sum to zero; smoothing kernels do not', () => {
    expect(['sobel-x', 'sobel-y', 'laplacian'].every((id) => isZeroSum(preset(id as 'sobel-x')))).toBe(true);
    expect(isZeroSum(preset('gauss3'))).toBe(false);
  });

  test('Sobel x responds to left-to-right brightening, Sobel y to top-to-bottom', () => {
    const ramp = [0, 1, 2, 0, 1, 2, 0, 1, 2];
    const dot = (w: number[], x: number[]) => w.reduce((s, v, i) => s + v * (x[i] ?? 0), 0);
    expect(dot(preset('sobel-x').weights, ramp)).toBe(8);
    expect(dot(preset('sobel-y').weights, ramp)).toBe(0);
  });

  test('preset returns a copy; matchingPreset names an equal kernel', () => {
    const k = preset('gauss3');
    k.weights[0] = 99;
    expect(preset('gauss3').weights[0]).toBe(1);
    expect(matchingPreset(preset('sobel-y'))).toBe('sobel-y');
    expect(matchingPreset(k)).toBeNull();
    expect(isPresetId('sobel-x')).toBe(true);
    expect(isPresetId('emboss')).toBe(false);
  });

  test('kernelValues divides; identity and resize keep the centre', () => {
    expect(kernelValues(preset('gauss3'))[4]).toBe(0.25);
    expect(identityKernel(5).weights[12]).toBe(1);
    expect(resizeKernel(preset('identity'), 5)).toEqual(identityKernel(5));
    expect(resizeKernel(identityKernel(5), 3)).toEqual(preset('identity'));
  });

  test('invalid kernels are refused with a reason', () => {
    expect(() => validateKernel({ size: 4, weights: new Array(16).fill(0), divisor: 1 })).toThrow('3 or 5');
    expect(() => validateKernel({ size: 3, weights: [1, 2], divisor: 1 })).toThrow('needs 9 weights, got 2');
    expect(() => validateKernel({ size: 3, weights: new Array(9).fill(Number.NaN), divisor: 1 })).toThrow(KernelError);
    expect(() => validateKernel({ size: 3, weights: new Array(9).fill(1), divisor: 0 })).toThrow('divisor');
  });
});
