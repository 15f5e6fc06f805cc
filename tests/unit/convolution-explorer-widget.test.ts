import { describe, expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  parseState,
  withChoice,
  withDivisor,
  withKernel,
  withPadding,
  withStride,
  withWeight,
  writeState,
} from '../../src/components/ConvolutionExplorer/state';
import { preset } from '../../src/lib/model/lessons/kernels';

describe('convolution explorer state', () => {
  test('defaults for a missing or malformed URL', () => {
    expect(parseState(new URLSearchParams())).toEqual(DEFAULT_STATE);
    expect(parseState(new URLSearchParams('cv.k=emboss&cv.s=9&cv.p=full'))).toEqual(DEFAULT_STATE);
    expect(parseState(new URLSearchParams('cv.k=custom3&cv.w=1_2')).kernel).toEqual({
      size: 3,
      weights: [0, 0, 0, 0, 1, 0, 0, 0, 0],
      divisor: 1,
    });
  });

  test('a preset round-trips without weights in the URL; a custom kernel with them', () => {
    const params = new URLSearchParams();
    const gauss = withPadding(withStride(withChoice(DEFAULT_STATE, 'gauss5'), 2), 'valid');
    writeState(gauss, params);
    expect(params.has('cv.w')).toBe(false);
    expect(parseState(params)).toEqual(gauss);
    const custom = withDivisor(withWeight(gauss, 0, 3), 7);
    expect(custom.choice).toBe('custom5');
    writeState(custom, params);
    expect(params.get('cv.w')?.split('_')).toHaveLength(25);
    expect(parseState(params)).toEqual(custom);
  });

  test('editing back to a preset names it; custom sizes resize the current kernel', () => {
    const edited = withWeight(DEFAULT_STATE, 0, 5);
    expect(edited.choice).toBe('custom3');
    expect(withWeight(edited, 0, -1).choice).toBe('sobel-x');
    expect(withChoice(DEFAULT_STATE, 'custom5').kernel.weights[6]).toBe(-1);
    expect(withKernel(DEFAULT_STATE, preset('laplacian')).choice).toBe('laplacian');
  });

  test('invalid edits leave the state unchanged', () => {
    expect(withWeight(DEFAULT_STATE, 0, Number.NaN)).toBe(DEFAULT_STATE);
    expect(withDivisor(DEFAULT_STATE, 0)).toBe(DEFAULT_STATE);
    expect(withStride(DEFAULT_STATE, 7)).toBe(DEFAULT_STATE);
    expect(withPadding(DEFAULT_STATE, 'reflect')).toBe(DEFAULT_STATE);
  });
});
