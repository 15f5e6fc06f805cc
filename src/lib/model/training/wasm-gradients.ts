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
import {
  conv2DBackpropFilter,
  conv2DBackpropInput,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  fusedBatchNorm,
} from './wasm-kernels/conv';
import { gatherV2, tile, unsortedSegmentSum } from './wasm-kernels/indexing';
import { fusedMatMul, transposeFirst } from './wasm-kernels/matmul';
import { isMarked, type KernelFunc } from './wasm-kernels/util';

const BACKEND = 'wasm';

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
