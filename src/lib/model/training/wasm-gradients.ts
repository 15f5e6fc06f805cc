/**
 * Makes backbone fine-tuning possible on @tensorflow/tfjs-backend-wasm 4.22, which lacks the gradient kernels
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput and
 * UnsortedSegmentSum (tf.gather's gradient). Each is composed from forward kernels wasm has (pad, slice, reshape,
 * transpose, reverse, conv2d, depthwiseConv2d, batchMatMul, scatterNd), run as public tf ops inside the kernel: the
 * engine sends them to the active backend (wasm, whenever these kernels run) and tapes nothing inside a kernel.
 * Also wraps kernels wasm has but runs slowly or wrongly (WRAPPERS): transposed matMul (every dense gradient),
 * _FusedMatMul (wrong bias when batched or transposed), GatherV2 (slow; wrong with batchDims), Conv2DBackpropInput,
 * Tile (every batch-norm gradient) and FusedBatchNorm. Framework-free: takes the tfjs namespace as an argument.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../core/runtime';

type Tensor4D = tfc.Tensor4D;
type KernelFunc = tfc.KernelFunc;
type KernelArgs = Parameters<KernelFunc>[0];
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

const BACKEND = 'wasm';
/** Marks kernel functions made here, so a second registration (even from another copy of this module) is a no-op. */
const MARK = Symbol.for('lightbox.wasm-gradients');

const marked = (fn: KernelFunc): KernelFunc => Object.defineProperty(fn, MARK, { value: true });
const isMarked = (fn: KernelFunc): boolean => (fn as unknown as Record<symbol, unknown>)[MARK] === true;

/** A tensor over a kernel input (kernels may receive bare TensorInfos); created ones are freed by the enclosing tidy. */
function tensorOf(tf: Tf, info: tfc.TensorInfo | undefined): tfc.Tensor {
  if (info === undefined) throw new Error('wasm-gradients: a kernel input is missing');
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** A kernel computed with public ops; intermediates are disposed, the result is handed to the engine as the output. */
function composed<A>(
  tf: Tf,
  names: [string, string],
  body: (a: Tensor4D, b: Tensor4D, attrs: A) => tfc.Tensor,
): KernelFunc {
  return marked(({ inputs, attrs }: KernelArgs) =>
    tf.tidy(() => {
      const a = tensorOf(tf, inputs[names[0]]) as Tensor4D;
      const b = tensorOf(tf, inputs[names[1]]) as Tensor4D;
      return body(a, b, attrs as unknown as A);
    }),
  );
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

function conv2DBackpropFilter(tf: Tf): KernelFunc {
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
function depthwiseConv2dNativeBackpropFilter(tf: Tf): KernelFunc {
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
function depthwiseConv2dNativeBackpropInput(tf: Tf): KernelFunc {
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
function conv2DBackpropInput(tf: Tf, original: KernelFunc): KernelFunc {
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

/** tf.unsortedSegmentSum via scatterNd (which adds duplicates); ids outside [0, numSegments) are dropped, as in TF. */
function unsortedSegmentSum(tf: Tf): KernelFunc {
  return marked(({ inputs, attrs }: KernelArgs) =>
    tf.tidy(() => {
      const x = tensorOf(tf, inputs['x']);
      const ids = tensorOf(tf, inputs['segmentIds']);
      const segments = (attrs as unknown as { numSegments: number }).numSegments;
      const count = ids.size;
      const rest = x.shape.slice(ids.rank);
      const flat = tf.reshape(ids, [count]);
      const inRange = tf.logicalAnd(tf.greaterEqual(flat, 0), tf.less(flat, segments));
      const target = tf.where(inRange, flat, tf.fill([count], segments, 'int32'));
      const sums = tf.scatterND(tf.reshape(target, [count, 1]), tf.reshape(x, [count, ...rest]), [
        segments + 1,
        ...rest,
      ]);
      return tf.slice(sums, 0, segments);
    }),
  );
}

/** The input with its last two axes swapped, or undefined when not asked to. */
function swapped(tf: Tf, info: tfc.TensorInfo | undefined, swap: boolean): tfc.Tensor | undefined {
  if (!swap || info === undefined) return undefined;
  return tf.tidy(() => {
    const t = tensorOf(tf, info);
    const perm = t.shape.map((_, i) => i);
    perm.splice(-2, 2, t.rank - 1, t.rank - 2);
    return tf.transpose(t, perm);
  });
}

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

/** Runs a (fused) matMul kernel on explicitly transposed operands instead of its slow transposed path. */
function transposeFirst(tf: Tf, original: KernelFunc): KernelFunc {
  return marked((args: KernelArgs) => {
    const flags = args.attrs as unknown as MatMulAttrs;
    if (!flags.transposeA && !flags.transposeB) return original(args);
    const [a, b] = [swapped(tf, args.inputs['a'], flags.transposeA), swapped(tf, args.inputs['b'], flags.transposeB)];
    try {
      const inputs = { ...args.inputs, a: a ?? args.inputs['a'], b: b ?? args.inputs['b'] };
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      a?.dispose();
      b?.dispose();
    }
  });
}

/** matMul + bias + activation as separate ops. */
function unfusedMatMul(tf: Tf, args: KernelArgs): tfc.Tensor {
  const attrs = args.attrs as unknown as MatMulAttrs;
  const input = (name: string): tfc.Tensor | undefined =>
    args.inputs[name] ? tensorOf(tf, args.inputs[name]) : undefined;
  const product = tf.matMul(input('a') as tfc.Tensor, input('b') as tfc.Tensor, attrs.transposeA, attrs.transposeB);
  const bias = input('bias');
  const y = bias === undefined ? product : tf.add(product, bias);
  const activations: Record<string, (t: tfc.Tensor) => tfc.Tensor> = {
    relu: tf.relu,
    relu6: tf.relu6,
    elu: tf.elu,
    sigmoid: tf.sigmoid,
    leakyrelu: (t) => tf.leakyRelu(t, attrs.leakyreluAlpha ?? 0.2),
    prelu: (t) => tf.prelu(t, input('preluActivationWeights') as tfc.Tensor),
  };
  return activations[attrs.activation ?? 'linear']?.(y) ?? y;
}

const batchOf = (info: tfc.TensorInfo | undefined): number =>
  (info?.shape.slice(0, -2) ?? []).reduce((a, b) => a * b, 1);

/**
 * wasm's _FusedMatMul adds the bias (and PReLU weights) wrongly when batched or transposed: batched ones run
 * unfused, the rest on explicitly transposed operands.
 */
function fusedMatMul(tf: Tf, original: KernelFunc): KernelFunc {
  const transposed = transposeFirst(tf, original);
  return marked((args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const batched = Math.max(batchOf(a), batchOf(b)) > 1;
    if (!batched || (bias === undefined && preluActivationWeights === undefined)) return transposed(args);
    return tf.tidy(() => unfusedMatMul(tf, args));
  });
}

type Heap = Float32Array | Int32Array | Uint8Array;

/** The parts of the wasm backend a JS kernel needs to read and write its heap directly. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tfc.DataType): tfc.TensorInfo;
  typedArrayFromHeap(info: tfc.TensorInfo): Heap;
  readSync(dataId: tfc.DataId): unknown;
}

/** Whether x (non-empty, of a dtype kept in the heap) can be handled by a heap-copying kernel. */
function onHeap(tf: Tf, backend: unknown, x: tfc.TensorInfo | undefined): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return (
    typeof b?.makeOutput === 'function' &&
    typeof b.typedArrayFromHeap === 'function' &&
    x !== undefined &&
    ['float32', 'int32', 'bool'].includes(x.dtype) &&
    tf.util.sizeFromShape(x.shape) > 0
  );
}

/** Copies gathered slices straight between wasm heap views: the native gather walks them element by element. */
function gatherRows(
  info: ReturnType<Tf['backend_util']['segment_util']['collectGatherOpShapeInfo']>,
  ids: Int32Array,
  src: Heap,
  dst: Heap,
): void {
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = ids.length / batchSize;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      for (let i = 0; i < perBatch; i++) {
        const from = ((b * outerSize + o) * dimSize + (ids[b * perBatch + i] as number)) * sliceSize;
        const to = ((b * outerSize + o) * perBatch + i) * sliceSize;
        if (sliceSize < 16) for (let j = 0; j < sliceSize; j++) dst[to + j] = src[from + j] as number;
        else dst.set(src.subarray(from, from + sliceSize), to);
      }
    }
  }
}

function gatherV2(tf: Tf, original: KernelFunc): KernelFunc {
  return marked((args: KernelArgs) => {
    const {
      inputs: { x, indices },
      backend,
    } = args;
    if (x === undefined || indices === undefined || !onHeap(tf, backend, x)) return original(args);
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0] ?? 0;
    const ids = Int32Array.from(backend.readSync(indices.dataId) as ArrayLike<number>);
    const dimSize = x.shape[parsedAxis] ?? 0;
    const bad = ids.find((id) => id < 0 || id >= dimSize);
    if (bad !== undefined) throw new Error(`GatherV2: the index value ${bad} is not in [0, ${dimSize - 1}]`);
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x, indices, parsedAxis, batchDims);
    const out = backend.makeOutput(info.outputShape, x.dtype);
    // Views after makeOutput: allocating may grow the heap and detach older views.
    gatherRows(info, ids, backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out));
    return out;
  });
}

/** Row-major tile between heap views: each axis's block is written once, then doubled with copyWithin. */
function tileInto(src: Heap, dst: Heap, shape: number[], reps: number[]): void {
  const strides = (dims: number[]): number[] => dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  const [from, to] = [strides(shape), strides(shape.map((d, i) => d * (reps[i] as number)))];
  const fill = (axis: number, s: number, d: number): void => {
    const size = shape[axis] as number;
    const block = size * (to[axis] as number);
    if (axis === shape.length - 1) dst.set(src.subarray(s, s + size), d);
    else for (let i = 0; i < size; i++) fill(axis + 1, s + i * (from[axis] as number), d + i * (to[axis] as number));
    const r = reps[axis] as number;
    for (let done = 1; done < r; done *= 2) dst.copyWithin(d + done * block, d, d + Math.min(done, r - done) * block);
  };
  fill(0, 0, 0);
}

/** wasm's Tile (used by every batch-norm gradient) is ~300x slower than copying. */
function tile(tf: Tf, original: KernelFunc): KernelFunc {
  return marked((args: KernelArgs) => {
    const {
      inputs: { x },
      backend,
    } = args;
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (!onHeap(tf, backend, x) || x === undefined || x.shape.length === 0 || reps.some((r) => r < 1))
      return original(args);
    const out = backend.makeOutput(
      x.shape.map((d, i) => d * (reps[i] as number)),
      x.dtype,
    );
    tileInto(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), x.shape, reps);
    return out;
  });
}

/**
 * Inference batch norm with per-channel parameters (wasm's kernel is ~10x slower): (x − mean), then a 1×1
 * depthwise convolution by scale/√(variance + ε) with the offset as its bias.
 */
function fusedBatchNorm(tf: Tf, original: KernelFunc): KernelFunc {
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

const configOf = (tf: Tf, name: string): tfc.KernelConfig | undefined => tf.getKernel(name, BACKEND);

/** Kernels wasm lacks. */
const ADDITIONS: [string, (tf: Tf) => KernelFunc][] = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dNativeBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseConv2dNativeBackpropInput],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/** Kernels wasm has, replaced by wrappers that keep the original for the cases it handles well. */
const WRAPPERS: [string, (tf: Tf, original: KernelFunc) => KernelFunc][] = [
  ['BatchMatMul', transposeFirst],
  ['_FusedMatMul', fusedMatMul],
  ['GatherV2', gatherV2],
  ['Conv2DBackpropInput', conv2DBackpropInput],
  ['Tile', tile],
  ['FusedBatchNorm', fusedBatchNorm],
];

export interface WasmGradientOptions {
  /** Also wrap the kernels in WRAPPERS (default true). */
  fastPaths?: boolean;
}

/**
 * Registers the missing wasm gradient kernels and (unless fastPaths is false) the wrappers. Idempotent, also across
 * copies of this module; a missing kernel that wasm has gained meanwhile (a later tfjs) is left alone. Call it
 * before or after the wasm backend initialises. Returns the names of the kernels registered by this call.
 */
export function registerWasmGradients(tf: Tf, options: WasmGradientOptions = {}): string[] {
  const registered: string[] = [];
  for (const [kernelName, make] of ADDITIONS) {
    if (configOf(tf, kernelName) !== undefined) continue;
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc: make(tf) });
    registered.push(kernelName);
  }
  if (options.fastPaths === false) return registered;
  for (const [kernelName, wrap] of WRAPPERS) {
    const original = configOf(tf, kernelName);
    if (original === undefined || isMarked(original.kernelFunc)) continue;
    tf.unregisterKernel(kernelName, BACKEND);
    // Keep setupFunc/disposeFunc: the original binds its wasm function when the backend initialises.
    tf.registerKernel({ ...original, kernelFunc: wrap(tf, original.kernelFunc) });
    registered.push(kernelName);
  }
  return registered;
}
