/**
 * The wasm gradient kernels against the cpu backend's: tf.grads through conv2d / depthwiseConv2d over strides,
 * paddings, filter sizes, batches and multipliers; dilated depthwise kernels (which tf.grad refuses on every backend)
 * against an equivalent zero-inserted filter; the fast-path wrappers; and a MobileNet v1 fine-tuning gradient.
 */
import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRng } from '../../src/lib/model/core/rng';
import { loadRuntime, type Tf } from '../../src/lib/model/core/runtime';
import { registerWasmGradients } from '../../src/lib/model/training/wasm-gradients';
import { fileLoader } from '../../src/node/model-files';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
type Backend = 'cpu' | 'wasm';
const TOLERANCE = 1e-4; // max |wasm − cpu| relative to max |cpu|

let tf: Tf;
/** Worst relative difference per check, printed at the end. */
const worst = new Map<string, { abs: number; rel: number; label: string }>();

beforeAll(async () => {
  // Not nodeRuntime(): it registers the kernels, and the first test needs wasm without them.
  const runtime = await loadRuntime({ allowed: ['wasm', 'cpu'], preferred: 'wasm' });
  expect(runtime.backend).toBe('wasm');
  tf = runtime.tf;
});

afterAll(() => {
  const rows = [...worst].map(
    ([check, w]) => `${check}: max |Δ| ${w.abs.toExponential(1)}, relative ` + `${w.rel.toExponential(1)} (${w.label})`,
  );
  console.info(`wasm vs cpu, worst cases:\n  ${rows.join('\n  ')}`);
});

function values(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => rng() * 2 - 1);
}

/** Runs f on cpu, then twice on wasm (checking nothing leaks), and returns both backends' outputs. */
async function onBoth(f: () => tfc.Tensor[]): Promise<Record<Backend, Float32Array[]>> {
  const read = (): Float32Array[] => tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
  await tf.setBackend('cpu');
  const cpu = read();
  await tf.setBackend('wasm');
  read();
  const before = tf.memory().numTensors;
  const wasm = read();
  expect(tf.memory().numTensors).toBe(before);
  return { cpu, wasm };
}

function record(check: string, label: string, cpu: Float32Array, wasm: Float32Array): number {
  expect(wasm.length).toBe(cpu.length);
  let abs = 0;
  let magnitude = 0;
  cpu.forEach((v, i) => {
    abs = Math.max(abs, Math.abs(v - (wasm[i] as number)));
    magnitude = Math.max(magnitude, Math.abs(v));
  });
  const rel = abs / Math.max(magnitude, 1e-12);
  if (rel > (worst.get(check)?.rel ?? -1)) worst.set(check, { abs, rel, label });
  return rel;
}

/** Σ conv(x, w) · r for a fixed random r: its gradients are dX and dW for an arbitrary upstream gradient r. */
function weightedSum(y: tfc.Tensor): tfc.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(values(y.size, 99), y.shape)));
}

function gradsOf(
  kind: 'conv' | 'depthwise',
  xShape: number[],
  wShape: number[],
  stride: number,
  pad: Pad,
): () => tfc.Tensor[] {
  return () => {
    const x = tf.tensor4d(
      values(
        xShape.reduce((a, b) => a * b),
        1,
      ),
      xShape as [number, number, number, number],
    );
    const w = tf.tensor4d(
      values(
        wShape.reduce((a, b) => a * b),
        2,
      ),
      wShape as [number, number, number, number],
    );
    const grads = tf.grads((a: tfc.Tensor, b: tfc.Tensor) =>
      weightedSum(
        kind === 'conv'
          ? tf.conv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, stride, pad)
          : tf.depthwiseConv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, stride, pad),
      ),
    );
    return grads([x, w]);
  };
}

describe('registration', () => {
  test('without it a conv2d gradient cannot run on wasm; with it, it can; registering twice is a no-op', async () => {
    await tf.setBackend('wasm');
    const convGrad = (): tfc.Tensor =>
      tf.tidy(() =>
        tf.grad((f: tfc.Tensor) =>
          tf.sum(tf.conv2d(tf.ones([1, 4, 4, 2]) as tfc.Tensor4D, f as tfc.Tensor4D, 1, 'same')),
        )(tf.ones([3, 3, 2, 2])),
      );
    expect(convGrad).toThrow(/Conv2DBackpropFilter/);
    expect(registerWasmGradients(tf)).toEqual([
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
      'BatchMatMul',
      '_FusedMatMul',
      'GatherV2',
      'Conv2DBackpropInput',
      'Tile',
      'FusedBatchNorm',
    ]);
    expect(registerWasmGradients(tf)).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    convGrad().dispose();
  });
});

const EXPLICIT: Pad = [
  [0, 0],
  [1, 2],
  [2, 0],
  [0, 0],
];

describe('conv2d gradients, wasm vs cpu', () => {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', EXPLICIT] as Pad[]) {
      for (const size of [1, 3]) {
        test(`stride ${stride}, pad ${JSON.stringify(pad)}, ${size}×${size}, batch 1 and 3`, async () => {
          for (const batch of [1, 3]) {
            const label = `s${stride} ${JSON.stringify(pad)} f${size} n${batch}`;
            const { cpu, wasm } = await onBoth(gradsOf('conv', [batch, 9, 8, 4], [size, size, 4, 5], stride, pad));
            expect(record('conv2d dX', label, cpu[0] as Float32Array, wasm[0] as Float32Array)).toBeLessThan(TOLERANCE);
            expect(record('conv2d dW', label, cpu[1] as Float32Array, wasm[1] as Float32Array)).toBeLessThan(TOLERANCE);
          }
        });
      }
    }
  }
});

describe('depthwiseConv2d gradients, wasm vs cpu', () => {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid', EXPLICIT] as Pad[]) {
      for (const size of [1, 3]) {
        test(`stride ${stride}, pad ${JSON.stringify(pad)}, ${size}×${size}, batch 1 and 3, multiplier 1 and 2`, async () => {
          for (const batch of [1, 3]) {
            for (const multiplier of [1, 2]) {
              const label = `s${stride} ${JSON.stringify(pad)} f${size} n${batch} m${multiplier}`;
              const { cpu, wasm } = await onBoth(
                gradsOf('depthwise', [batch, 9, 8, 4], [size, size, 4, multiplier], stride, pad),
              );
              expect(record('depthwise dX', label, cpu[0] as Float32Array, wasm[0] as Float32Array)).toBeLessThan(
                TOLERANCE,
              );
              expect(record('depthwise dW', label, cpu[1] as Float32Array, wasm[1] as Float32Array)).toBeLessThan(
                TOLERANCE,
              );
            }
          }
        });
      }
    }
  }
});

/** f with dilation − 1 zeros between taps: a dilated convolution is an undilated one with this filter. */
function zeroInserted(f: tfc.Tensor4D, dilation: number): tfc.Tensor4D {
  const [fh, fw, c, m] = f.shape;
  const spread = tf.pad(tf.reshape(f, [fh, 1, fw, 1, c, m]), [
    [0, 0],
    [0, dilation - 1],
    [0, 0],
    [0, dilation - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice(tf.reshape<tfc.Rank.R4>(spread, [fh * dilation, fw * dilation, c, m]), 0, [
    (fh - 1) * dilation + 1,
    (fw - 1) * dilation + 1,
    c,
    m,
  ]);
}

describe('dilated depthwise kernels (tf.grad refuses dilation > 1 on every backend, so the kernels are called)', () => {
  // The cpu backprop kernels ignore the dilation in their index arithmetic, so the reference is the gradient of
  // the undilated convolution with the zero-inserted filter, on cpu.
  for (const pad of ['same', 'valid'] as const) {
    test(`dilation 2, stride 1, pad ${pad}, 3×3, batch 1 and 3, multiplier 1 and 2`, async () => {
      for (const batch of [1, 3]) {
        for (const multiplier of [1, 2]) {
          const xShape: [number, number, number, number] = [batch, 11, 10, 3];
          const fShape: [number, number, number, number] = [3, 3, 3, multiplier];
          const x = (): tfc.Tensor4D => tf.tensor4d(values(batch * 330, 3), xShape);
          const f = (): tfc.Tensor4D => tf.tensor4d(values(9 * 3 * multiplier, 4), fShape);
          await tf.setBackend('cpu');
          const [refX, refF] = tf.tidy(() =>
            tf
              .grads((a: tfc.Tensor, b: tfc.Tensor) =>
                weightedSum(tf.depthwiseConv2d(a as tfc.Tensor4D, zeroInserted(b as tfc.Tensor4D, 2), 1, pad)),
              )([x(), f()])
              .map((t) => t.dataSync() as Float32Array),
          );
          await tf.setBackend('wasm');
          const [gotX, gotF] = tf.tidy(() => {
            const y = tf.depthwiseConv2d(x(), f(), 1, pad, 'NHWC', 2);
            const r = tf.tensor(values(y.size, 99), y.shape);
            const attrs = { strides: 1, pad, dilations: 2, inputShape: xShape, filterShape: fShape };
            const run = (name: string, inputs: tfc.NamedTensorMap): Float32Array =>
              (
                tf.engine().runKernel(name, inputs, attrs as unknown as tfc.NamedAttrMap) as tfc.Tensor
              ).dataSync() as Float32Array;
            return [
              run('DepthwiseConv2dNativeBackpropInput', { dy: r, filter: f() }),
              run('DepthwiseConv2dNativeBackpropFilter', { x: x(), dy: r }),
            ];
          });
          const label = `d2 ${pad} n${batch} m${multiplier}`;
          expect(record('dilated depthwise dX', label, refX as Float32Array, gotX as Float32Array)).toBeLessThan(
            TOLERANCE,
          );
          expect(record('dilated depthwise dW', label, refF as Float32Array, gotF as Float32Array)).toBeLessThan(
            TOLERANCE,
          );
        }
      }
    });
  }
});

describe('fast-path wrappers, wasm vs cpu', () => {
  test("matMul and fused matMul, batched, every transpose combination (wasm's fused kernel gets the bias wrong there)", async () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const label = `tA ${transposeA} tB ${transposeB}`;
      const { cpu, wasm } = await onBoth(() => {
        const a = tf.tensor3d(values(2 * 35, 5), transposeA ? [2, 5, 7] : [2, 7, 5]);
        const b = tf.tensor3d(values(2 * 30, 6), transposeB ? [2, 6, 5] : [2, 5, 6]);
        const bias = tf.tensor1d(values(6, 7));
        return [
          tf.matMul(a, b, transposeA, transposeB),
          tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation: 'relu' }),
        ];
      });
      expect(record('matMul', label, cpu[0] as Float32Array, wasm[0] as Float32Array)).toBeLessThan(TOLERANCE);
      expect(record('fused matMul', label, cpu[1] as Float32Array, wasm[1] as Float32Array)).toBeLessThan(TOLERANCE);
    }
  });

  test("gather on axis 0 and 1, with batchDims 1 (wasm's own kernel is wrong there), int32, and its gradient", async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor3d(values(3 * 5 * 20, 8), [3, 5, 20]);
      const ids = tf.tensor1d([4, 0, 4, 2], 'int32');
      const perBatch = tf.tensor2d(
        [
          [0, 4],
          [1, 2],
          [3, 3],
        ],
        [3, 2],
        'int32',
      );
      const grad = tf.grad((t: tfc.Tensor) => weightedSum(tf.gather(t, tf.tensor1d([2, 0, 2, 2], 'int32'))))(x);
      return [
        tf.gather(x, ids, 1),
        tf.gather(x, tf.tensor1d([2, 0], 'int32')),
        tf.gather(x, perBatch, 1, 1),
        tf.cast(tf.gather(tf.range(0, 12, 1, 'int32').reshape([4, 3]), tf.tensor1d([3, 0, 3], 'int32')), 'float32'),
        grad,
        tf.unsortedSegmentSum(tf.tensor2d(values(10, 9), [5, 2]), tf.tensor1d([2, 0, 2, -1, 5], 'int32'), 3),
      ];
    });
    ['axis 1', 'axis 0', 'batchDims 1', 'int32'].forEach((label, i) => {
      // copies: exact
      expect(record('gather', label, cpu[i] as Float32Array, wasm[i] as Float32Array)).toBe(0);
    });
    ['gather gradient', 'unsortedSegmentSum'].forEach((label, i) => {
      // sums: up to rounding
      expect(record('segment sums', label, cpu[i + 4] as Float32Array, wasm[i + 4] as Float32Array)).toBeLessThan(
        TOLERANCE,
      );
    });
    expect(() => tf.gather(tf.ones([3]), tf.tensor1d([3], 'int32'))).toThrow(/not in \[0, 2\]/);
  });
});

describe('Tile and FusedBatchNorm wrappers, wasm vs cpu', () => {
  test('tile: inner and outer repeats, size-1 axes, int32 and bool', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor3d(values(2 * 3 * 4, 12), [2, 3, 4]);
      return [
        tf.tile(x, [3, 1, 2]),
        tf.tile(x, [1, 4, 1]),
        tf.tile(tf.reshape(x, [1, 24, 1]), [5, 1, 7]),
        tf.tile(tf.tensor1d([1, 2, 3]), [4]),
        tf.cast(tf.tile(tf.tensor2d([[1, -2]], [1, 2], 'int32'), [3, 2]), 'float32'),
        tf.cast(tf.tile(tf.tensor1d([true, false], 'bool'), [3]), 'float32'),
      ];
    });
    cpu.forEach((c, i) => expect(record('tile', `case ${i}`, c, wasm[i] as Float32Array)).toBe(0));
  });

  test('batchNorm forward (with and without scale/offset, 2D and 4D) and its gradient, which tiles', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(values(3 * 5 * 4 * 6, 13), [3, 5, 4, 6]);
      const [mean, variance, offset, scale] = [14, 15, 16, 17].map(
        (seed, i) => tf.add(tf.tensor1d(values(6, seed)), i === 1 ? 1.5 : 0) as tfc.Tensor1D,
      );
      const grads = tf.grads((a: tfc.Tensor, g: tfc.Tensor, b: tfc.Tensor) =>
        weightedSum(tf.batchNorm(a, mean as tfc.Tensor1D, variance as tfc.Tensor1D, b, g, 1e-3)),
      )([x, scale as tfc.Tensor, offset as tfc.Tensor]);
      return [
        tf.batchNorm(x, mean as tfc.Tensor1D, variance as tfc.Tensor1D, offset, scale, 1e-3),
        tf.batchNorm(x, mean as tfc.Tensor1D, variance as tfc.Tensor1D, undefined, undefined, 1e-3),
        tf.batchNorm(tf.reshape(x, [60, 6]), mean as tfc.Tensor1D, variance as tfc.Tensor1D, offset, scale),
        ...grads,
      ];
    });
    ['4D', 'no scale/offset', '2D', 'dX', 'dScale', 'dOffset'].forEach((label, i) => {
      expect(record('batchNorm', label, cpu[i] as Float32Array, wasm[i] as Float32Array)).toBeLessThan(TOLERANCE);
    });
  });
});

const TOP_LAYERS = [
  'conv_dw_12',
  'conv_dw_12_bn',
  'conv_pw_12',
  'conv_pw_12_bn',
  'conv_dw_13',
  'conv_dw_13_bn',
  'conv_pw_13',
  'conv_pw_13_bn',
];

describe('MobileNet v1 0.25: fine-tuning gradients of the top two blocks on wasm', () => {
  let model: tfc.LayersModel;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    model = await tf.loadLayersModel(fileLoader('/work/shared/weights/mobilenet_v1_0.25_224/model.json'));
  });
  afterAll(() => model?.dispose());

  test('variableGrads of a loss on conv_pw_13_relu match cpu; numTensors returns to baseline', async () => {
    const cut = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer('conv_pw_13_relu').output as tfc.SymbolicTensor,
    });
    const variables = TOP_LAYERS.flatMap((name) =>
      model.getLayer(name).trainableWeights.map((w) => w.read() as tfc.Variable),
    );
    expect(variables).toHaveLength(12); // 4 kernels, 4 × (gamma, beta)
    const image = values(224 * 224 * 3, 11);
    // BN in inference mode (frozen statistics, as when fine-tuning): training mode would update them as a side effect.
    const gradients = (): Float32Array[] => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.mean(
            tf.square(cut.apply(tf.tensor4d(image, [1, 224, 224, 3]), { training: false }) as tfc.Tensor),
          ) as tfc.Scalar,
        variables,
      );
      const out = variables.map((v) => grads[v.name]?.dataSync() as Float32Array);
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    await tf.setBackend('cpu');
    const cpu = gradients();
    await tf.setBackend('wasm');
    const baseline = tf.memory().numTensors;
    gradients();
    const wasm = gradients();
    expect(tf.memory().numTensors).toBe(baseline);
    variables.forEach((v, i) => {
      const got = wasm[i] as Float32Array;
      expect(got.every(Number.isFinite)).toBe(true);
      expect(got.some((g) => g !== 0)).toBe(true);
      expect(record('MobileNet top-2-block grads', v.name, cpu[i] as Float32Array, got)).toBeLessThan(1e-3);
    });
  });
});
