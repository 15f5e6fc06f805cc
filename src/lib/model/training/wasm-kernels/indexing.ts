/**
 * Indexing kernels for the wasm backend: GatherV2 and Tile copy straight between wasm heap views (the native kernels
 * walk element by element), and UnsortedSegmentSum, tf.gather's gradient that wasm lacks, is built on scatterNd.
 */
import type { Tf } from '../../core/runtime';
import { marked, onHeap, tensorOf, type Heap, type KernelArgs, type KernelFunc } from './util';

/** tf.unsortedSegmentSum via scatterNd (which adds duplicates); ids outside [0, numSegments) are dropped, as in TF. */
export function unsortedSegmentSum(tf: Tf): KernelFunc {
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

export function gatherV2(tf: Tf, original: KernelFunc): KernelFunc {
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
export function tile(tf: Tf, original: KernelFunc): KernelFunc {
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
