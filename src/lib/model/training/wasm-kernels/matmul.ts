/**
 * Matrix-product wrappers for the wasm backend: its transposed BatchMatMul path (every dense gradient) is slow, and its
 * _FusedMatMul adds the bias wrongly when batched or transposed.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../../core/runtime';
import { marked, tensorOf, type KernelArgs, type KernelFunc } from './util';

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
export function transposeFirst(tf: Tf, original: KernelFunc): KernelFunc {
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
export function fusedMatMul(tf: Tf, original: KernelFunc): KernelFunc {
  const transposed = transposeFirst(tf, original);
  return marked((args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const batched = Math.max(batchOf(a), batchOf(b)) > 1;
    if (!batched || (bias === undefined && preluActivationWeights === undefined)) return transposed(args);
    return tf.tidy(() => unfusedMatMul(tf, args));
  });
}
