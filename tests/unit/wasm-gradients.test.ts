/**
 * The wasm gradient kernels against the cpu backend's: tf.grads through conv2d / depthwiseConv2d over strides,
 * paddings, filter sizes, batches and multipliers; dilated depthwise kernels (which tf.grad refuses on every backend)
 * against an equivalent zero-inserted filter; and a MobileNet v1 fine-tuning gradient. The fast-path wrappers are in
 * wasm-fast-paths.test.ts.
 */
import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Tf } from '../../src/lib/model/core/runtime';
import { registerWasmGradients } from '../../src/lib/model/training/wasm-gradients';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { missing } from './needs-files';
import { TOLERANCE, onBoth, record, values, wasmAndCpu, weightedSum, worstCases } from './wasm-compare';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
const MOBILENET = backboneModelJson('mobilenet_v1_0.25_224', true);

let tf: Tf;
beforeAll(async () => {
  // The first test needs wasm without Lightbox's kernels: it registers them itself.
  tf = await wasmAndCpu();
});

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

describe.skipIf(missing(MOBILENET, 'the MobileNet v1 fine-tuning gradient test'))(
  'MobileNet v1 0.25: fine-tuning gradients of the top two blocks on wasm',
  () => {
    let model: tfc.LayersModel;
    beforeAll(async () => {
      await tf.setBackend('wasm');
      model = await tf.loadLayersModel(fileLoader(MOBILENET));
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
  },
);

test('worst wasm–cpu difference of every check (shown with --reporter=verbose)', async ({ annotate }) => {
  await annotate(worstCases());
});
