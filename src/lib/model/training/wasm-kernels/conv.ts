/**
 * Convolution kernels for the wasm backend, composed from forward ops it has (pad, slice, reshape, transpose,
 * reverse, conv2d, depthwiseConv2d): the filter and input gradients wasm lacks, a faster Conv2DBackpropInput, and
 * inference batch norm as a 1×1 depthwise convolution.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../../core/runtime';
import { composed, marked, tensorOf, type KernelArgs, type KernelFunc, type Tensor4D } from './util';

type ConvInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;
type Pad = 'valid' | 'same' | number | tfc.backend_util.ExplicitPadding;
type Pair = [number, number] | number;
type Explicit = tfc.backend_util.ExplicitPadding;

/** Attributes of the backprop kernels: filterShape for the filter gradients, inputShape for the input ones. */
interface ConvAttrs {
  strides: Pair;
  pad: Pad;
  dilations?: Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
  filterShape: [number, number, number, number];
  inputShape: [number, number, number, number];
}

/** A convolution input cropped where a window lies inside it, plus the zero padding the window needs outside it. */
type Framed = { input: Tensor4D; pad: Explicit };

/**
 * Frames rows [-top, height - top) and columns [-left, width - left) of t (NHWC) for a 'valid' convolution: the
 * padding is left to the convolution itself (no padded copy), only a window inside t is sliced out.
 */
function frame(tf: Tf, t: Tensor4D, top: number, left: number, height: number, width: number): Framed {
  const [n, h, w, c] = t.shape;
  const [bottom, right] = [height - top - h, width - left - w];
  const [cropTop, cropLeft, cropBottom, cropRight] = [top, left, bottom, right].map((p) => Math.max(0, -p)) as [
    number,
    number,
    number,
    number,
  ];
  const input =
    cropTop + cropLeft + cropBottom + cropRight === 0
      ? t
      : tf.slice(t, [0, cropTop, cropLeft, 0], [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  return {
    input,
    pad: [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ],
  };
}

/** The part of the padded input a convolution with this geometry reads: exactly what the filter gradient needs. */
function frameInput(tf: Tf, x: Tensor4D, dy: Tensor4D, info: ConvInfo): Framed {
  const height = (dy.shape[1] - 1) * info.strideHeight + info.effectiveFilterHeight;
  const width = (dy.shape[2] - 1) * info.strideWidth + info.effectiveFilterWidth;
  return frame(tf, x, info.padInfo.top, info.padInfo.left, height, width);
}

const unpadded = (pad: Explicit): boolean => pad.every(([a, b]) => a === 0 && b === 0);

/**
 * dW[i, j, c, o] = Σ_{n,y,x} xpad[n, y·s + i·d, x·s + j·d, c] · dy[n, y, x, o]: a convolution of x (channels as
 * batch, batch as channels) with dy as the filter, where the forward stride becomes the dilation and the forward
 * dilation the stride. Unpadded 1×1 unstrided filters are a plain matrix product.
 */
function conv2dFilterGrad(tf: Tf, x: Tensor4D, dy: Tensor4D, info: ConvInfo): tfc.Tensor {
  const { input, pad } = frameInput(tf, x, dy, info);
  const [n, h, w, c] = input.shape;
  const o = dy.shape[3];
  const pointwise = info.filterHeight === 1 && info.filterWidth === 1;
  if (pointwise && info.strideHeight === 1 && info.strideWidth === 1 && unpadded(pad)) {
    const rows = n * h * w;
    const product = tf.matMul(tf.transpose(tf.reshape(input, [rows, c])), tf.reshape(dy, [rows, o]));
    return tf.reshape(product, [1, 1, c, o]);
  }
  const grad = tf.conv2d(
    tf.transpose(input, [3, 1, 2, 0]),
    tf.transpose(dy, [1, 2, 0, 3]),
    [info.dilationHeight, info.dilationWidth],
    pad,
    'NHWC',
    [info.strideHeight, info.strideWidth],
  );
  return tf.transpose(grad, [1, 2, 0, 3]);
}
export function conv2DBackpropFilter(tf: Tf): KernelFunc {
  return composed<ConvAttrs>(tf, ['x', 'dy'], (x, dy, attrs) => {
    if (attrs.dataFormat === 'NCHW')
      throw new Error('wasm-gradients: NCHW is not supported (nor is it by wasm conv2d)');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    return conv2dFilterGrad(tf, x, dy, info);
  });
}

/**
 * Depthwise dW: the same correlation per channel. Channel c of image n becomes depthwise channel (c, n) of a
 * single image, dy[:, :, :, c·m + k] its k-th filter; summing over n gives [fh, fw, c, m].
 */
export function depthwiseConv2dNativeBackpropFilter(tf: Tf): KernelFunc {
  return composed<ConvAttrs>(tf, ['x', 'dy'], (x, dy, attrs) => {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      attrs.filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    const { input, pad } = frameInput(tf, x, dy, info);
    const [n, h, w, c] = input.shape;
    const [, oh, ow] = dy.shape;
    const m = info.outChannels / info.inChannels;
    const images = tf.reshape<tfc.Rank.R4>(tf.transpose(input, [1, 2, 3, 0]), [1, h, w, c * n]);
    const filter = tf.reshape<tfc.Rank.R4>(tf.transpose(tf.reshape(dy, [n, oh, ow, c, m]), [1, 2, 3, 0, 4]), [
      oh,
      ow,
      c * n,
      m,
    ]);
    const grad = tf.depthwiseConv2d(images, filter, [info.dilationHeight, info.dilationWidth], pad, 'NHWC', [
      info.strideHeight,
      info.strideWidth,
    ]);
    const [fh, fw] = [info.filterHeight, info.filterWidth];
    // With m = 1 the batch is the innermost axis, which wasm's Sum reduces without a transpose.
    return m === 1
      ? tf.reshape(tf.sum(tf.reshape(grad, [fh, fw, c, n]), 3), [fh, fw, c, 1])
      : tf.sum(tf.reshape(grad, [fh, fw, c, n, m]), 3);
  });
}

/** Inserts stride − 1 zeros after every row and column of dy (a transposed convolution's input). */
function upsample(tf: Tf, dy: Tensor4D, sh: number, sw: number): Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, oh, ow, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [n, oh, 1, ow, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.reshape(spread, [n, oh * sh, ow * sw, c]);
}

/**
 * Frames dy for the 'full' correlation that gives dX (a transposed convolution): dy dilated by the stride, padded by
 * (effective filter − 1 − forward padding) before, and to the input's size after.
 */
function frameTransposed(tf: Tf, dy: Tensor4D, info: ConvInfo): Framed {
  const { inHeight: h, inWidth: w, effectiveFilterHeight: eh, effectiveFilterWidth: ew } = info;
  return frame(
    tf,
    upsample(tf, dy, info.strideHeight, info.strideWidth),
    eh - 1 - info.padInfo.top,
    ew - 1 - info.padInfo.left,
    h + eh - 1,
    w + ew - 1,
  );
}

/** Depthwise dX: the framed dy correlated per channel with the spatially flipped filter, summed over the multiplier. */
export function depthwiseConv2dNativeBackpropInput(tf: Tf): KernelFunc {
  return composed<ConvAttrs>(tf, ['dy', 'filter'], (dy, filter, attrs) => {
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    const { inHeight: h, inWidth: w, inChannels: c } = info;
    const [n, , , cm] = dy.shape;
    const { input, pad } = frameTransposed(tf, dy, info);
    const flipped = tf.reshape<tfc.Rank.R4>(tf.reverse(filter, [0, 1]), [info.filterHeight, info.filterWidth, cm, 1]);
    const grad = tf.depthwiseConv2d(input, flipped, 1, pad, 'NHWC', [info.dilationHeight, info.dilationWidth]);
    return cm === c ? grad : tf.sum(tf.reshape(grad, [n, h, w, c, cm / c]), 4);
  });
}

/**
 * Conv2D dX (wasm has this kernel, but it is 5–10x slower than its own forward conv2d): the framed dy convolved
 * with the flipped filter, its in/out channels swapped. NCHW goes to the original kernel.
 */
export function conv2DBackpropInput(tf: Tf, original: KernelFunc): KernelFunc {
  const fast = composed<ConvAttrs>(tf, ['dy', 'filter'], (dy, filter, attrs) => {
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { input, pad } = frameTransposed(tf, dy, info);
    return tf.conv2d(input, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]), 1, pad);
  });
  return marked((args: KernelArgs) =>
    (args.attrs as { dataFormat?: string } | undefined)?.dataFormat === 'NCHW' ? original(args) : fast(args),
  );
}

/**
 * Inference batch norm with per-channel parameters (wasm's kernel is ~10x slower): (x − mean), then a 1×1
 * depthwise convolution by scale/√(variance + ε) with the offset as its bias.
 */
export function fusedBatchNorm(tf: Tf, original: KernelFunc): KernelFunc {
  return marked((args: KernelArgs) => {
    const { x, mean, variance, offset, scale } = args.inputs;
    const channels = x?.shape[3] ?? 0;
    const perChannel = [mean, variance, offset, scale].every((p) => !p || tf.util.sizeFromShape(p.shape) === channels);
    if (x?.shape.length !== 4 || x.dtype !== 'float32' || !mean || !variance || !perChannel) return original(args);
    const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon: number };
    return tf.tidy(() => {
      const param = (info: tfc.TensorInfo): tfc.Tensor1D => tf.reshape(tensorOf(tf, info), [channels]);
      const inverse = tf.rsqrt(tf.add(param(variance), varianceEpsilon));
      const multiplier = scale === undefined ? inverse : tf.mul(inverse, param(scale));
      const centred = tf.sub(tensorOf(tf, x), param(mean)) as Tensor4D;
      return tf.fused.depthwiseConv2d({
        x: centred,
        filter: tf.reshape(multiplier, [1, 1, channels, 1]),
        strides: 1,
        pad: 'valid',
        bias: offset === undefined ? undefined : param(offset),
      });
    });
  });
}
