import { beforeAll, describe, expect, test } from 'vitest';
import {
  ImageFormatError,
  preprocessGray,
  resizeSquare,
  toDisplayRange,
  toGray,
  toInputBatch,
  toInputTensor,
  validateRawImage,
  type RawImage,
} from '../../src/lib/model/core/preprocess';
import type { Tf } from '../../src/lib/model/core/runtime';
import { nodeRuntime } from '../../src/node/runtime';

let tf: Tf;
beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

const SPEC = { size: 4, scale: 1 / 127.5, offset: -1 };

function gray(width: number, height: number, value: (x: number, y: number) => number): RawImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, channels: 1, data };
}

describe('validateRawImage', () => {
  const ok: RawImage = { width: 2, height: 3, channels: 3, data: new Uint8Array(18) };

  test('accepts a consistent image', () => {
    expect(() => validateRawImage(ok)).not.toThrow();
    expect(() => validateRawImage({ ...ok, channels: 4, data: new Uint8ClampedArray(24) })).not.toThrow();
  });

  test.each([
    [{ width: 0 }, 'Image size must be positive whole pixels, got 0x3.'],
    [{ height: -1 }, 'Image size must be positive whole pixels, got 2x-1.'],
    [{ width: 2.5 }, 'Image size must be positive whole pixels, got 2.5x3.'],
    [{ channels: 2 }, 'Images need 1, 3 or 4 channels, got 2.'],
    [{ data: new Uint8Array(17) }, 'Pixel buffer holds 17 values; 2x3x3 needs 18.'],
    [{ channels: 1 }, 'Pixel buffer holds 18 values; 2x3x1 needs 6.'],
  ])('rejects %o', (change, message) => {
    const image = { ...ok, ...change } as RawImage;
    expect(() => validateRawImage(image)).toThrow(ImageFormatError);
    expect(() => validateRawImage(image)).toThrow(message);
  });
});

describe('toGray', () => {
  test('BT.601 luminance of a hand pixel: (100, 150, 200) → 140.75', () => {
    const out = toGray(tf, { width: 1, height: 1, channels: 3, data: Uint8Array.from([100, 150, 200]) });
    expect(out.shape).toEqual([1, 1, 1]);
    expect(out.dataSync()[0]).toBeCloseTo(140.75, 3);
    out.dispose();
  });

  test('RGBA ignores alpha; gray passes through; pixels stay in row-major order', () => {
    const rgba = toGray(tf, {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([255, 0, 0, 7, 0, 0, 255, 200]),
    });
    expect(Array.from(rgba.dataSync())).toEqual([expect.closeTo(76.245, 3), expect.closeTo(29.07, 3)]);
    rgba.dispose();
    const g = toGray(
      tf,
      gray(3, 2, (x, y) => 10 * x + 100 * y),
    );
    expect(g.shape).toEqual([2, 3, 1]);
    expect(Array.from(g.dataSync())).toEqual([0, 10, 20, 100, 110, 120]);
    g.dispose();
  });

  test('an R=G=B scan keeps its value', () => {
    const out = toGray(tf, { width: 1, height: 1, channels: 3, data: Uint8Array.from([200, 200, 200]) });
    expect(out.dataSync()[0]).toBeCloseTo(200, 3);
    out.dispose();
  });

  test('validates first', () => {
    expect(() => toGray(tf, { width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(ImageFormatError);
  });
});

describe('resizeSquare', () => {
  test('identity at the target size (a copy, not the same tensor)', () => {
    const image = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);
    const out = resizeSquare(tf, image, 3);
    expect(out).not.toBe(image);
    expect(Array.from(out.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    tf.dispose([image, out]);
  });

  test('shape after shrinking and enlarging, any aspect ratio and channel count', () => {
    const wide = tf.zeros([200, 300, 1]) as ReturnType<typeof tf.tensor3d>;
    const small = tf.ones([10, 7, 3]) as ReturnType<typeof tf.tensor3d>;
    const a = resizeSquare(tf, wide, 100);
    const b = resizeSquare(tf, small, 16);
    expect(a.shape).toEqual([100, 100, 1]);
    expect(b.shape).toEqual([16, 16, 3]);
    expect(Math.min(...b.dataSync())).toBeCloseTo(1, 5);
    expect(Math.max(...b.dataSync())).toBeCloseTo(1, 5);
    tf.dispose([wide, small, a, b]);
  });

  test('448x448 pixel checkerboard (each 2x2 block half black, half white) → uniform gray at 224', () => {
    const board = toGray(
      tf,
      gray(448, 448, (x, y) => ((x + y) % 2 ? 255 : 0)),
    );
    const out = resizeSquare(tf, board, 224);
    expect(out.shape).toEqual([224, 224, 1]);
    const values = out.dataSync();
    expect(Math.min(...values)).toBeCloseTo(127.5, 3);
    expect(Math.max(...values)).toBeCloseTo(127.5, 3);
    tf.dispose([board, out]);
  });

  test('block averaging at factor 3: every output pixel is a 3x3 mean (5/9 or 4/9 white), not a sampled pixel', () => {
    // Bilinear alone would sample pixel centres exactly at factor 3 and return pure 0 / 255.
    const board = toGray(
      tf,
      gray(672, 672, (x, y) => ((x + y) % 2 ? 255 : 0)),
    );
    const out = resizeSquare(tf, board, 224);
    const values = Array.from(out.dataSync());
    expect(new Set(values.map((v) => Math.round(v * 100) / 100))).toEqual(new Set([113.33, 141.67]));
    expect(values[0]).toBeCloseTo((4 * 255) / 9, 3); // top-left window starts on black: 4 white of 9
    tf.dispose([board, out]);
  });
});

describe('toInputTensor and toInputBatch', () => {
  test('0 → -1, 255 → 1, gray replicated to 3 identical channels', () => {
    const image = gray(4, 4, (x) => (x < 2 ? 0 : 255));
    const input = toInputTensor(tf, image, SPEC);
    expect(input.shape).toEqual([1, 4, 4, 3]);
    const v = input.dataSync();
    for (let i = 0; i < 16; i++) {
      const expected = i % 4 < 2 ? -1 : 1;
      for (let c = 0; c < 3; c++) expect(v[i * 3 + c]).toBeCloseTo(expected, 6);
    }
    const back = toDisplayRange(tf, input, SPEC);
    expect(Array.from(back.dataSync()).slice(0, 12)).toEqual(
      [0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255].map((n) => expect.closeTo(n, 3)),
    );
    tf.dispose([input, back]);
  });

  test('a colour RGB image gives equal channels too (luminance)', () => {
    const input = toInputTensor(
      tf,
      { width: 4, height: 4, channels: 3, data: new Uint8Array(48).map((_, i) => (i % 3) * 100) },
      SPEC,
    );
    const v = input.dataSync();
    const expected = (0.587 * 100 + 0.114 * 200) / 127.5 - 1;
    for (let i = 0; i < v.length; i++) expect(v[i]).toBeCloseTo(expected, 4);
    input.dispose();
  });

  test('a batch stacks images of different sizes; an empty batch is an error', () => {
    const batch = toInputBatch(tf, [gray(4, 4, () => 0), gray(9, 5, () => 255)], SPEC);
    expect(batch.shape).toEqual([2, 4, 4, 3]);
    const v = batch.dataSync();
    expect(v[0]).toBeCloseTo(-1, 6);
    expect(v[v.length - 1]).toBeCloseTo(1, 6);
    batch.dispose();
    expect(() => toInputBatch(tf, [], SPEC)).toThrow(ImageFormatError);
  });

  test('numTensors returns to its baseline after 50 calls', () => {
    const image: RawImage = { width: 37, height: 23, channels: 4, data: new Uint8Array(37 * 23 * 4).fill(128) };
    const spec = { size: 16, scale: 1 / 127.5, offset: -1 };
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const input = toInputTensor(tf, image, spec);
      const g = toGray(tf, image);
      const r = resizeSquare(tf, g, 8);
      tf.dispose([input, g, r]);
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('preprocessGray (the canonical, backend-independent path)', () => {
  // tfjs computes sample positions in float32 (error ~5e-5 px on 512 px), so 0.01 grey levels, not 1e-6.
  test('matches the tfjs tensor path (toGray + resizeSquare) on real scan sizes within 0.01 grey levels', () => {
    for (const [w, h] of [
      [512, 496],
      [768, 496],
      [224, 224],
      [300, 200],
      [100, 80],
    ] as const) {
      const image: RawImage = {
        width: w,
        height: h,
        channels: 1,
        data: Uint8Array.from({ length: w * h }, (_, i) => (i * 7919) % 256),
      };
      const reference = tf.tidy(() => resizeSquare(tf, toGray(tf, image), 224));
      const expected = reference.dataSync();
      const actual = preprocessGray(image, 224);
      let worst = 0;
      actual.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - (expected[i] as number)));
      });
      reference.dispose();
      expect(worst).toBeLessThan(1e-2);
    }
  });

  test('toInputTensor equals preprocessGray scaled, bit for bit', () => {
    const image = gray(50, 40, (x, y) => (x * 3 + y * 5) % 256);
    const input = toInputTensor(tf, image, SPEC);
    const values = input.dataSync();
    const reference = preprocessGray(image, SPEC.size);
    reference.forEach((v, i) => expect(values[3 * i + 2]).toBe(Math.fround(v * SPEC.scale + SPEC.offset)));
    input.dispose();
  });
});
