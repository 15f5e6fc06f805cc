/**
 * The one preprocessing, shared by the training scripts (Node, pixels from sharp) and the widgets (browser, pixels
 * from a canvas): decoded pixels → grayscale → RGB → resized → scaled as the backbone expects.
 * Decoding differs by platform; everything after the decoded pixels happens here, with the same tfjs ops.
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
      `Pixel buffer holds ${data.length} values; ${width}x${height}x${channels} needs ${width * height * channels}.`);
  }
}

/**
 * Grayscale luminance (ITU-R BT.601), [h, w, 1] float 0..255. The scans are grayscale (R=G=B); a colour photo a
 * reader uploads becomes what the heads were trained on.
 */
export function toGray(tf: Tf, image: RawImage): tfc.Tensor3D {
  validateRawImage(image);
  return tf.tidy(() => {
    const pixels = tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, image.channels], 'int32')
      .toFloat();
    if (image.channels === 1) return pixels;
    const rgb = image.channels === 4 ? pixels.slice([0, 0, 0], [-1, -1, 3]) : pixels;
    return rgb.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1, true) as tfc.Tensor3D;
  });
}

/**
 * Resizes a [h, w, c] image to size x size (aspect ratio not kept, as Kermany's pipeline did). When shrinking by
 * 2x or more, first averages whole blocks so that bilinear sampling does not alias fine speckle (OCT B-scans).
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

/** One image → the backbone's input, [1, size, size, 3]. */
export function toInputTensor(tf: Tf, image: RawImage, spec: InputSpec): tfc.Tensor4D {
  return tf.tidy(() => {
    const gray = resizeSquare(tf, toGray(tf, image), spec.size);
    const scaled = gray.mul(spec.scale).add(spec.offset);
    return tf.tile(scaled, [1, 1, 3]).expandDims(0) as tfc.Tensor4D;
  });
}

/** Many images → one batch [n, size, size, 3]. */
export function toInputBatch(tf: Tf, images: readonly RawImage[], spec: InputSpec): tfc.Tensor4D {
  if (images.length === 0) throw new ImageFormatError('A batch needs at least one image.');
  return tf.tidy(() => tf.concat(images.map((image) => toInputTensor(tf, image, spec)), 0) as tfc.Tensor4D);
}

/** Inverse of the scaling, for drawing an input tensor back as 0..255 pixels. */
export function toDisplayRange(tf: Tf, input: tfc.Tensor, spec: InputSpec): tfc.Tensor {
  return tf.tidy(() => input.sub(spec.offset).div(spec.scale).clipByValue(0, 255));
}
