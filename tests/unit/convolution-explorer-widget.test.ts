import { describe, expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  clampCell,
  convUrlState,
  keyMove,
  withChoice,
  withDivisor,
  withKernel,
  withPadding,
  withStride,
  withWeight,
} from '../../src/components/ConvolutionExplorer/state';
import { preset } from '../../src/lib/model/lessons/kernels';

const parseState = (params: URLSearchParams) => convUrlState.parse(params).state;
const writeState = convUrlState.write;

describe('convolution explorer state', () => {
  test('defaults for a missing or malformed URL, clamped stride, each with a note', () => {
    expect(convUrlState.parse(new URLSearchParams())).toEqual({ state: DEFAULT_STATE, notes: [] });
    expect(convUrlState.defaults).toEqual(DEFAULT_STATE);
    const malformed = convUrlState.parse(new URLSearchParams('cv.k=emboss&cv.s=9&cv.p=full'));
    expect(malformed.state).toEqual({ ...DEFAULT_STATE, stride: 4 });
    expect(malformed.notes).toHaveLength(3);
    expect(malformed.notes.join(' ')).toMatch(/cv\.k=emboss.*cv\.s=9.*cv\.p=full/);
    const short = convUrlState.parse(new URLSearchParams('cv.k=custom3&cv.w=1_2&cv.d=0'));
    expect(short.state.kernel).toEqual({ size: 3, weights: [0, 0, 0, 0, 1, 0, 0, 0, 0], divisor: 1 });
    expect(short.notes).toEqual([
      "The link's cv.w needs 9 numbers; the identity kernel is used.",
      "The link's cv.d=0 is not a divisor; 1 is used.",
    ]);
    expect(convUrlState.keys).toEqual(['cv.k', 'cv.w', 'cv.d', 'cv.s', 'cv.p']);
  });

  test('weights and divisor in the URL are ignored (without a note) for a preset', () => {
    expect(convUrlState.parse(new URLSearchParams('cv.k=box3&cv.w=x&cv.d=0'))).toEqual({
      state: { ...DEFAULT_STATE, choice: 'box3', kernel: preset('box3') },
      notes: [],
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

  test('the inspected pixel: centre at first, moved by keys, kept inside the output', () => {
    expect(clampCell(null, 111, 74)).toEqual({ row: 55, col: 37 });
    expect(clampCell({ row: 200, col: -3 }, 111, 74)).toEqual({ row: 110, col: 0 });
    expect(keyMove({ row: 5, col: 5 }, 'PageUp', 111, 74)).toEqual({ row: 0, col: 5 });
    expect(keyMove({ row: 5, col: 5 }, 'End', 111, 74)).toEqual({ row: 5, col: 73 });
    expect(keyMove(null, 'ArrowRight', 10, 10)).toEqual({ row: 5, col: 6 });
    expect(keyMove({ row: 5, col: 5 }, 'Enter', 10, 10)).toBeNull();
  });

  test('invalid edits leave the state unchanged', () => {
    expect(withWeight(DEFAULT_STATE, 0, Number.NaN)).toBe(DEFAULT_STATE);
    expect(withDivisor(DEFAULT_STATE, 0)).toBe(DEFAULT_STATE);
    expect(withStride(DEFAULT_STATE, 7)).toBe(DEFAULT_STATE);
    expect(withPadding(DEFAULT_STATE, 'reflect')).toBe(DEFAULT_STATE);
  });
});
