/**
 * Plumbing shared by Lightbox's wasm kernels (see ../wasm-gradients.ts): marking the kernel functions made here,
 * wrapping kernel inputs as tensors, composing a kernel from public ops, and reading or writing the wasm heap.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../../core/runtime';

export type Tensor4D = tfc.Tensor4D;
export type KernelFunc = tfc.KernelFunc;
export type KernelArgs = Parameters<KernelFunc>[0];

/** Marks kernel functions made here, so a second registration (even from another copy of this module) is a no-op. */
const MARK = Symbol.for('lightbox.wasm-gradients');

export const marked = (fn: KernelFunc): KernelFunc => Object.defineProperty(fn, MARK, { value: true });
export const isMarked = (fn: KernelFunc): boolean => (fn as unknown as Record<symbol, unknown>)[MARK] === true;

/** A tensor over a kernel input (kernels may receive bare TensorInfos); created ones are freed by the enclosing tidy. */
export function tensorOf(tf: Tf, info: tfc.TensorInfo | undefined): tfc.Tensor {
  if (info === undefined) throw new Error('wasm-gradients: a kernel input is missing');
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/** A kernel computed with public ops; intermediates are disposed, the result is handed to the engine as the output. */
export function composed<A>(
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

export type Heap = Float32Array | Int32Array | Uint8Array;

/** The parts of the wasm backend a JS kernel needs to read and write its heap directly. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tfc.DataType): tfc.TensorInfo;
  typedArrayFromHeap(info: tfc.TensorInfo): Heap;
  readSync(dataId: tfc.DataId): unknown;
}

/** Whether x (non-empty, of a dtype kept in the heap) can be handled by a heap-copying kernel. */
export function onHeap(tf: Tf, backend: unknown, x: tfc.TensorInfo | undefined): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return (
    typeof b?.makeOutput === 'function' &&
    typeof b.typedArrayFromHeap === 'function' &&
    x !== undefined &&
    ['float32', 'int32', 'bool'].includes(x.dtype) &&
    tf.util.sizeFromShape(x.shape) > 0
  );
}
