import { describe, expect, test } from 'vitest';
import {
  ConvolutionError,
  convolveGray,
  gridTensor,
  outputSize,
  paddingFor,
  patchAt,
  scanToGray,
  summariseMap,
  type Padding,
} from '../../src/lib/model/lessons/convolution';
import type { Grid } from '../../src/lib/model/core/grid';
import { identityKernel, preset, type Kernel } from '../../src/lib/model/lessons/kernels';
import { createRng } from '../../src/lib/model/core/rng';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();

function randomGrid(width: number, height: number, seed: number): Grid {
  const rng = createRng(seed);
  return { width, height, values: Array.from({ length: width * height }, () => Math.round(rng() * 255)) };
}

describe('sizes and padding (TensorFlow semantics)', () => {
  test('valid: ⌊(n − k)/s⌋ + 1', () => {
    expect(outputSize(224, 3, 1, 'valid')).toBe(222);
    expect(outputSize(224, 5, 2, 'valid')).toBe(110);
    expect(outputSize(7, 3, 3, 'valid')).toBe(2);
    expect(outputSize(2, 3, 1, 'valid')).toBe(0);
  });

  test('same: ⌈n/s⌉, the odd padding pixel after', () => {
    expect(paddingFor(224, 3, 1, 'same')).toEqual({ before: 1, after: 1 });
    expect(paddingFor(224, 3, 2, 'same')).toEqual({ before: 0, after: 1 });
    expect(paddingFor(224, 5, 2, 'same')).toEqual({ before: 1, after: 2 });
    expect(outputSize(224, 3, 2, 'same')).toBe(112);
    expect(outputSize(225, 5, 3, 'same')).toBe(75);
  });

  test('bad strides are refused', () => {
    expect(() => outputSize(10, 3, 0, 'valid')).toThrow(ConvolutionError);
    expect(() => paddingFor(10, 3, 1.5, 'same')).toThrow('whole number');
  });
});

describe('patchAt', () => {
  test('identity picks the centre pixel; a corner under same padding reads zeros outside', () => {
    const grid = randomGrid(6, 5, 1);
    const centre = patchAt(grid, identityKernel(3), 1, 'same', 2, 3);
    expect(centre.value).toBe(grid.values[2 * 6 + 3]);
    const corner = patchAt(grid, preset('box3'), 1, 'same', 0, 0);
    expect(corner.cells.filter((c) => !c.inside)).toHaveLength(5);
    expect(corner.cells.filter((c) => !c.inside).every((c) => c.x === 0 && c.term === 0)).toBe(true);
    expect(corner.sumOfTerms).toBe(corner.cells.reduce((s, c) => s + c.term, 0));
    expect(corner.divisor).toBe(9);
  });

  test('the hand sum equals tf.conv2d at every output pixel, for each stride, padding and kernel size', async () => {
    const grid = randomGrid(13, 11, 7);
    const gray = gridTensor(tf, grid);
    const kernels: Kernel[] = [
      preset('sobel-x'),
      preset('gauss5'),
      { size: 3, weights: [0.5, -1.25, 2, 0, 3, -0.75, 1, 1, -2], divisor: 3 },
    ];
    for (const kernel of kernels) {
      for (const stride of [1, 2, 3]) {
        for (const padding of ['valid', 'same'] as Padding[]) {
          const out = convolveGray(tf, gray, kernel, stride, padding);
          const [h, w] = out.shape;
          expect([h, w]).toEqual([
            outputSize(11, kernel.size, stride, padding),
            outputSize(13, kernel.size, stride, padding),
          ]);
          const values = await out.data();
          out.dispose();
          for (let r = 0; r < h; r++) {
            for (let c = 0; c < w; c++) {
              expect(patchAt(grid, kernel, stride, padding, r, c).value).toBeCloseTo(
                values[r * w + c] ?? Number.NaN,
                3,
              );
            }
          }
        }
      }
    }
    gray.dispose();
  });

  test('same padding with a stride longer than the kernel (no zeros needed) matches the hand sum on this backend', async () => {
    // tfjs-wasm's conv2d returned all zeros here with pad 'same' (224 px, 3×3, stride 4 in the explorer).
    const grid = randomGrid(8, 9, 11);
    const gray = gridTensor(tf, grid);
    for (const stride of [4, 5]) {
      const out = convolveGray(tf, gray, preset('sobel-y'), stride, 'same');
      const [h = 0, w = 0] = out.shape;
      const values = await out.data();
      out.dispose();
      expect(Math.max(...Array.from(values, Math.abs))).toBeGreaterThan(0);
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++)
          expect(patchAt(grid, preset('sobel-y'), stride, 'same', r, c).value).toBeCloseTo(values[r * w + c] ?? NaN, 3);
    }
    gray.dispose();
  });

  test('a kernel that does not fit without padding is refused', () => {
    const gray = tf.zeros([2, 2, 1]) as import('@tensorflow/tfjs').Tensor3D;
    expect(() => convolveGray(tf, gray, preset('box3'), 1, 'valid')).toThrow('does not fit');
    gray.dispose();
  });
});

describe('scanToGray and summariseMap', () => {
  test('an RGBA image becomes whole-number grey levels at the requested size', async () => {
    const data = new Uint8ClampedArray(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
    const gray = scanToGray({ width: 8, height: 8, channels: 4, data }, 4);
    expect([gray.width, gray.height, gray.values.length]).toEqual([4, 4, 16]);
    expect(Array.from(gray.values).every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    const tensor = gridTensor(tf, gray);
    expect(tensor.shape).toEqual([4, 4, 1]);
    expect(Array.from(await tensor.data())).toEqual(Array.from(gray.values));
    tensor.dispose();
  });

  test('summary statistics and fixed sample places', () => {
    const s = summariseMap({ width: 3, height: 2, values: [1, 2, 3, 4, 5, 6] });
    expect(s).toMatchObject({ sum: 21, mean: 3.5, min: 1, max: 6 });
    expect(s.samples[0]).toEqual({ row: 0, col: 0, value: 1 });
    expect(s.samples[3]).toEqual({ row: 1, col: 2, value: 6 });
  });
});
