import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBackbone } from '../../src/lib/model/core/backbone';
import {
  ReceptiveFieldError,
  fieldBox,
  modelReceptiveFields,
  receptiveFields,
  stepsOf,
  type RfStep,
} from '../../src/lib/model/lessons/receptive-field';
import type { Tf } from '../../src/lib/model/core/runtime';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const V1_JSON = backboneModelJson('mobilenet_v1_0.25_224', true);
const V2_JSON = backboneModelJson('mobilenet_v2_0.35_224_notop', true);
const noWeights = [V1_JSON, V2_JSON].filter((json) => missing(json, 'the MobileNet receptive fields')).length > 0;

let tf: Tf;
const models: tfc.LayersModel[] = [];

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

afterAll(() => {
  for (const model of models) model.dispose();
});

function step(
  name: string,
  kind: RfStep['kind'],
  k: number,
  s: number,
  inbound: string[],
  extra: Partial<RfStep> = {},
): RfStep {
  return {
    name,
    kind,
    kernel: [k, k],
    stride: [s, s],
    dilation: [1, 1],
    padding: 'valid',
    padBefore: [0, 0],
    inputSize: [null, null],
    inbound,
    ...extra,
  };
}

/** conv 3×3 → max pool 2×2 → conv 3×3, no padding, on a 16 × 16 input. */
function smallSequential(): tfc.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [16, 16, 1],
      filters: 1,
      kernelSize: 3,
      kernelInitializer: 'ones',
      useBias: false,
      name: 'c1',
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }));
  model.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, kernelInitializer: 'ones', useBias: false, name: 'c2' }));
  models.push(model);
  return model;
}

/** 'same' padding, stride 2 with TensorFlow's asymmetric padding, a dilated convolution, a depthwise layer. */
function paddedSequential(): tfc.Sequential {
  const model = tf.sequential();
  const ones = { kernelInitializer: 'ones', useBias: false } as const;
  model.add(
    tf.layers.conv2d({
      inputShape: [20, 20, 1],
      filters: 1,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      name: 's2',
      ...ones,
    }),
  );
  model.add(tf.layers.conv2d({ filters: 1, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'dil', ...ones }));
  model.add(
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      depthwiseInitializer: 'ones',
      useBias: false,
      name: 'dw',
    }),
  );
  model.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 'avg' }));
  models.push(model);
  return model;
}

describe('receptiveFields on hand-written steps', () => {
  test('conv 3 / pool 2 stride 2 / conv 3, hand-computed', () => {
    const fields = receptiveFields([
      step('in', 'input', 1, 1, []),
      step('c1', 'window', 3, 1, ['in']),
      step('p1', 'window', 2, 2, ['c1']),
      step('relu', 'through', 1, 1, ['p1']),
      step('c2', 'window', 3, 1, ['relu']),
    ]);
    expect(fields.get('c1')).toEqual({ name: 'c1', size: [3, 3], jump: [1, 1], start: [1, 1] });
    expect(fields.get('p1')).toEqual({ name: 'p1', size: [4, 4], jump: [2, 2], start: [1.5, 1.5] });
    expect(fields.get('relu')?.size).toEqual([4, 4]);
    expect(fields.get('c2')).toEqual({ name: 'c2', size: [8, 8], jump: [2, 2], start: [3.5, 3.5] });
  });

  test('explicit zero padding moves the start back; merges keep the widest field', () => {
    const fields = receptiveFields([
      step('in', 'input', 1, 1, []),
      step('pad', 'pad', 1, 1, ['in'], { padBefore: [1, 2] }),
      step('a', 'window', 3, 2, ['pad']),
      step('b', 'window', 1, 2, ['pad']),
      step('add', 'through', 1, 1, ['b', 'a']),
    ]);
    expect(fields.get('pad')?.start).toEqual([-1, -2]);
    expect(fields.get('a')).toMatchObject({ size: [3, 3], jump: [2, 2], start: [0, -1] });
    expect(fields.get('add')?.size).toEqual([3, 3]);
  });

  test('an unknown input layer is a clear error', () => {
    expect(() => receptiveFields([step('c', 'window', 3, 1, ['nowhere'])])).toThrow(
      new ReceptiveFieldError('Layer c reads nowhere, which comes later or does not exist.'),
    );
  });
});

describe('receptiveFields from a tf.sequential', () => {
  test('reads kernels, strides and padding from the layer configs', () => {
    const fields = modelReceptiveFields(smallSequential());
    expect(fields.get('c1')).toMatchObject({ size: [3, 3], jump: [1, 1], start: [1, 1] });
    expect(fields.get('p1')).toMatchObject({ size: [4, 4], jump: [2, 2], start: [1.5, 1.5] });
    expect(fields.get('c2')).toMatchObject({ size: [8, 8], jump: [2, 2], start: [3.5, 3.5] });
  });

  test("'same' stride 2 pads after (start 1), dilation 2 widens a 3×3 kernel to 5, hand-computed", () => {
    const fields = modelReceptiveFields(paddedSequential());
    // s2: 20 → 10, total padding (10 − 1)·2 + 3 − 20 = 1, none before; size 3, jump 2, centre of cell 0 at pixel 1.
    expect(fields.get('s2')).toMatchObject({ size: [3, 3], jump: [2, 2], start: [1, 1] });
    // dil: effective kernel 5, 'same' at stride 1 pads 2 before: size 3 + 4·2 = 11, start 1 + (2 − 2)·2 = 1.
    expect(fields.get('dil')).toMatchObject({ size: [11, 11], jump: [2, 2], start: [1, 1] });
    // dw: 10 → 5, total padding 4·2 + 3 − 10 = 1, none before: size 11 + 2·2 = 15, jump 4, start 1 + 1·2 = 3.
    expect(fields.get('dw')).toMatchObject({ size: [15, 15], jump: [4, 4], start: [3, 3] });
    // avg 2×2 stride 1, valid: size 15 + 4 = 19, start 3 + 0.5·4 = 5.
    expect(fields.get('avg')).toMatchObject({ size: [19, 19], jump: [4, 4], start: [5, 5] });
  });

  test('agrees with the model itself: an impulse changes an output cell exactly when it falls in its field', async () => {
    for (const model of [smallSequential(), paddedSequential()]) {
      const fields = modelReceptiveFields(model);
      const last = model.layers[model.layers.length - 1]!;
      const field = fields.get(last.name)!;
      const [, height, width] = model.inputs[0]!.shape as number[];
      const [, outH, outW] = model.outputs[0]!.shape as number[];
      const cell = { row: Math.floor((outH! - 1) / 2), col: (outW ?? 1) - 1 };
      const box = fieldBox(field, cell.row, cell.col);
      const row = Math.round(box.top + box.height / 2);
      const impulses = tf.tidy(() =>
        tf.stack(
          Array.from({ length: width! }, (_, c) =>
            tf
              .buffer([height!, width!, 1], 'float32')
              .toTensor()
              .add(tf.oneHot(tf.tensor1d([row * width! + c], 'int32'), height! * width!).reshape([height!, width!, 1])),
          ),
        ),
      );
      const out = tf.tidy(() =>
        (model.predict(impulses) as tfc.Tensor4D).slice([0, cell.row, cell.col, 0], [-1, 1, 1, 1]).reshape([-1]),
      );
      const responds = Array.from(await out.data())
        .map((v, c) => (v > 0 ? c : -1))
        .filter((c) => c >= 0);
      tf.dispose([impulses, out]);
      const expected = {
        lo: Math.max(0, Math.ceil(box.left)),
        hi: Math.min(width! - 1, Math.floor(box.left + box.width - 1)),
      };
      expect({ lo: responds[0], hi: responds[responds.length - 1], n: responds.length }).toEqual({
        ...expected,
        n: expected.hi - expected.lo + 1,
      });
    }
  });
});

describe.skipIf(noWeights)('MobileNet v1 0.25 at 224 px', () => {
  test('the final map sees 315 × 315 px with a jump of 32 (the published value), read from the model', async () => {
    const model = await loadBackbone(tf, fileLoader(V1_JSON));
    models.push(model);
    const fields = modelReceptiveFields(model);
    expect(fields.get('conv1')).toMatchObject({ size: [3, 3], jump: [2, 2] });
    expect(fields.get('conv_pw_1_relu')).toMatchObject({ size: [7, 7], jump: [2, 2] });
    expect(fields.get('conv_pw_13_relu')).toMatchObject({ size: [315, 315], jump: [32, 32] });
    expect(stepsOf(model).filter((s) => s.kind === 'window')).toHaveLength(28);
  });

  test('MobileNetV2 (explicit padding layers, residual additions) walks without error', async () => {
    const model = await loadBackbone(tf, fileLoader(V2_JSON));
    models.push(model);
    const fields = modelReceptiveFields(model);
    expect(fields.get('out_relu')?.jump).toEqual([32, 32]);
    expect(fields.get('out_relu')!.size[0]).toBeGreaterThan(224);
  });
});
