/**
 * The one preprocessing, shared by the training scripts (Node, pixels from sharp) and the widgets (browser, pixels
 * from a canvas): decoded pixels → grayscale → resized → scaled as the backbone expects → copied to RGB.
 * Decoding differs by platform; everything after the decoded pixels happens here, in plain JavaScript.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from './runtime';

/** Decoded pixels, row-major, `channels` interleaved values per pixel (1 gray, 3 RGB, 4 RGBA). */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** How a backbone wants its input: a square of `size` pixels, each value v (0..255) fed as v * scale + offset. */
export interface InputSpec {
  size: number;
  scale: number;
  offset: number;
}

export class ImageFormatError extends Error {}

/** Checks that a RawImage is what it says it is; a clear message beats a tensor-shape error deep inside tfjs. */
export function validateRawImage(image: RawImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageFormatError(`Image size must be positive whole pixels, got ${width}x${height}.`);
  }
  if (![1, 3, 4].includes(channels)) throw new ImageFormatError(`Images need 1, 3 or 4 channels, got ${channels}.`);
  if (data.length !== width * height * channels) {
    throw new ImageFormatError(
      `Pixel buffer holds ${data.length} values; ${width}x${height}x${channels} needs ${width * height * channels}.`,
    );
  }
}

/**
 * Grayscale luminance (ITU-R BT.601), [h, w, 1] float 0..255. The scans are grayscale (R=G=B); a colour photo a
 * reader uploads becomes what the heads were trained on.
 */
export function toGray(tf: Tf, image: RawImage): tfc.Tensor3D {
  validateRawImage(image);
  return tf.tidy(() => {
    const pixels = tf
      .tensor3d(Int32Array.from(image.data), [image.height, image.width, image.channels], 'int32')
      .toFloat();
    if (image.channels === 1) return pixels;
    const rgb = image.channels === 4 ? pixels.slice([0, 0, 0], [-1, -1, 3]) : pixels;
    return rgb.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1, true) as tfc.Tensor3D;
  });
}

/**
 * Resizes a [h, w, c] tensor to size x size with the same rule as preprocessGray (block average when shrinking 2x
 * or more, then bilinear), for maps already on a backend. Scans go through preprocessGray instead.
 */
export function resizeSquare(tf: Tf, image: tfc.Tensor3D, size: number): tfc.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const factor = Math.floor(Math.min(height / size, width / size));
    const smoothed = factor >= 2 ? tf.avgPool(image, factor, factor, 'valid') : image;
    const [h, w] = smoothed.shape;
    if (h === size && w === size) return smoothed.clone();
    return tf.image.resizeBilinear(smoothed, [size, size], false, true);
  });
}

/** Luminance of every pixel (BT.601), as plain numbers: the JavaScript twin of toGray. */
function grayValues(image: RawImage): Float64Array {
  validateRawImage(image);
  const { width, height, channels, data } = image;
  const gray = new Float64Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += channels) {
    gray[i] =
      channels === 1
        ? (data[p] as number)
        : 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
  }
  return gray;
}

/** Averages whole factor × factor blocks ('valid', as tf.avgPool): the anti-aliasing step before bilinear. */
function blockAverage(
  gray: Float64Array,
  width: number,
  height: number,
  factor: number,
): { values: Float64Array; width: number; height: number } {
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const values = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += gray[row + dx] as number;
      }
      values[y * w + x] = sum / (factor * factor);
    }
  }
  return { values, width: w, height: h };
}

/** Bilinear resampling with half-pixel centres (tf.image.resizeBilinear(…, false, true)). */
function bilinear(source: Float64Array, width: number, height: number, size: number): Float64Array {
  const out = new Float64Array(size * size);
  const sample = (n: number, i: number): [number, number, number] => {
    const f = Math.max(0, (i + 0.5) * (n / size) - 0.5);
    const lo = Math.floor(f);
    return [lo, Math.min(n - 1, lo + 1), f - lo];
  };
  for (let y = 0; y < size; y++) {
    const [top, bottom, fy] = sample(height, y);
    for (let x = 0; x < size; x++) {
      const [left, right, fx] = sample(width, x);
      const a = source[top * width + left] as number;
      const b = source[top * width + right] as number;
      const c = source[bottom * width + left] as number;
      const d = source[bottom * width + right] as number;
      const upper = a + (b - a) * fx;
      const lower = c + (d - c) * fx;
      out[y * size + x] = upper + (lower - upper) * fy;
    }
  }
  return out;
}

/**
 * THE preprocessing, in plain JavaScript (float64, then float32): grayscale, block-average when shrinking 2x or
 * more, bilinear to size × size; values 0..255. Plain JS makes Node and every browser backend produce the same
 * bits, which tensor ops on different backends do not (WebGL and wasm round differently).
 */
export function preprocessGray(image: RawImage, size: number): Float32Array {
  const gray = grayValues(image);
  const factor = Math.floor(Math.min(image.height / size, image.width / size));
  const smoothed =
    factor >= 2
      ? blockAverage(gray, image.width, image.height, factor)
      : { values: gray, width: image.width, height: image.height };
  const resized =
    smoothed.width === size && smoothed.height === size
      ? smoothed.values
      : bilinear(smoothed.values, smoothed.width, smoothed.height, size);
  return Float32Array.from(resized);
}

/** Gray values → the backbone's input values, [size, size, 3] flattened: gray copied to RGB, scaled v * scale + offset. */
export function grayToInputValues(gray: Float32Array, spec: InputSpec): Float32Array {
  if (gray.length !== spec.size * spec.size)
    throw new ImageFormatError(`Expected ${spec.size}x${spec.size} gray values, got ${gray.length}.`);
  const rgb = new Float32Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) {
    const v = (gray[i] as number) * spec.scale + spec.offset;
    rgb[3 * i] = v;
    rgb[3 * i + 1] = v;
    rgb[3 * i + 2] = v;
  }
  return rgb;
}

export function grayToInputTensor(tf: Tf, gray: Float32Array, spec: InputSpec): tfc.Tensor4D {
  return tf.tensor4d(grayToInputValues(gray, spec), [1, spec.size, spec.size, 3]);
}

/** One image → the backbone's input, [1, size, size, 3]: gray copied to RGB, scaled v * scale + offset. */
export function toInputTensor(tf: Tf, image: RawImage, spec: InputSpec): tfc.Tensor4D {
  return grayToInputTensor(tf, preprocessGray(image, spec.size), spec);
}

/** Many images → one batch [n, size, size, 3]. */
export function toInputBatch(tf: Tf, images: readonly RawImage[], spec: InputSpec): tfc.Tensor4D {
  if (images.length === 0) throw new ImageFormatError('A batch needs at least one image.');
  return tf.tidy(
    () =>
      tf.concat(
        images.map((image) => toInputTensor(tf, image, spec)),
        0,
      ) as tfc.Tensor4D,
  );
}

/** Inverse of the scaling, for drawing an input tensor back as 0..255 pixels. */
export function toDisplayRange(tf: Tf, input: tfc.Tensor, spec: InputSpec): tfc.Tensor {
  return tf.tidy(() => input.sub(spec.offset).div(spec.scale).clipByValue(0, 255));
}
