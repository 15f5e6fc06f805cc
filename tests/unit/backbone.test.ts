import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BACKBONES,
  ModelStructureError,
  backboneInfo,
  defaultCutLayer,
  describeLayers,
  findLayer,
  loadBackbone,
  outputShapeOf,
  spatialLayers,
  truncate,
  withInputSize,
} from '../../src/lib/model/core/backbone';
import { FeatureExtractor, featureKey, inputSpecFor, loadFeatureExtractor } from '../../src/lib/model/core/features';
import type { Tf } from '../../src/lib/model/core/runtime';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const V1 = 'mobilenet_v1_0.25_224';
const V2 = 'mobilenet_v2_0.35_224_notop';
const v1Json = backboneModelJson(V1, true);
const v2Json = backboneModelJson(V2, true);
const noWeights = [v1Json, v2Json].filter((json) => missing(json, 'the tests on loaded MobileNets')).length > 0;
const ifWeights = test.skipIf(noWeights);

let tf: Tf;
let v1: tfc.LayersModel;
let v2: tfc.LayersModel;

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
  if (noWeights) return;
  [v1, v2] = await Promise.all([loadBackbone(tf, fileLoader(v1Json)), loadBackbone(tf, fileLoader(v2Json))]);
});

afterAll(() => {
  v1?.dispose();
  v2?.dispose();
});

describe('catalogue', () => {
  test('backboneInfo knows both MobileNets and lists them on an unknown id', () => {
    expect(backboneInfo(V1).imagenetTop).toBe(true);
    expect(backboneInfo(V2).imagenetTop).toBe(false);
    expect(backboneInfo(V1).input).toEqual({ size: 224, scale: 1 / 127.5, offset: -1 });
    expect(() => backboneInfo('resnet50')).toThrow(ModelStructureError);
    expect(() => backboneInfo('resnet50')).toThrow(BACKBONES.map((b) => b.id).join(', '));
  });

  test('featureKey and inputSpecFor', () => {
    const spec = { backbone: V1, layer: 'conv_pw_13_relu', inputSize: 160, pooling: 'gap' as const };
    expect(featureKey(spec)).toBe('mobilenet_v1_0.25_224@conv_pw_13_relu@160@gap');
    expect(inputSpecFor(spec)).toEqual({ size: 160, scale: 1 / 127.5, offset: -1 });
  });
});

describe.skipIf(noWeights)('loaded models', () => {
  test('v1 from the shared weights: 224 input, 1000-way softmax, 475,544 parameters', () => {
    expect(v1.inputs[0]?.shape).toEqual([null, 224, 224, 3]);
    expect(v1.outputs[0]?.shape).toEqual([null, 1000]);
    expect(v1.countParams()).toBe(475_544);
  });

  test('defaultCutLayer: conv_pw_13_relu for v1 (feeds the pooling), out_relu for v2 (last spatial layer)', () => {
    expect(defaultCutLayer(v1).name).toBe('conv_pw_13_relu');
    expect(outputShapeOf(defaultCutLayer(v1))).toEqual([null, 7, 7, 256]);
    expect(defaultCutLayer(v2).name).toBe('out_relu');
    expect(outputShapeOf(defaultCutLayer(v2))).toEqual([null, 7, 7, 1280]);
  });

  test('spatialLayers are all 4-D and in model order', () => {
    const layers = spatialLayers(v1);
    expect(layers.every((l) => outputShapeOf(l).length === 4)).toBe(true);
    const names = layers.map((l) => l.name);
    expect(names.indexOf('conv_pw_5_relu')).toBeLessThan(names.indexOf('conv_pw_13_relu'));
    expect(names).not.toContain('reshape_2');
  });

  test('truncate at a named layer; an unknown name throws ModelStructureError listing layers', () => {
    const cut = truncate(tf, v1, 'conv_pw_11_relu');
    expect(cut.outputs[0]?.shape).toEqual([null, 14, 14, 128]);
    expect(() => truncate(tf, v1, 'conv_pw_99_relu')).toThrow(ModelStructureError);
    expect(() => findLayer(v1, 'conv_pw_99_relu')).toThrow(
      /Layer "conv_pw_99_relu" is not in mobilenet_0\.25_224\. Layers with spatial maps: .*conv_pw_13_relu/,
    );
  });

  test('describeLayers: one row per layer; parameters add up to countParams', () => {
    for (const model of [v1, v2]) {
      const rows = describeLayers(model);
      expect(rows).toHaveLength(model.layers.length);
      expect(rows.reduce((sum, r) => sum + r.params, 0)).toBe(model.countParams());
      expect(rows.map((r) => r.index)).toEqual(rows.map((_, i) => i));
    }
    const rows = describeLayers(v1);
    expect(rows.reduce((sum, r) => sum + r.params, 0)).toBe(475_544);
    const conv1 = rows.find((r) => r.name === 'conv1');
    expect(conv1).toMatchObject({
      type: 'Conv2D',
      kernel: 3,
      stride: 2,
      outputShape: [null, 112, 112, 8],
      params: 3 * 3 * 3 * 8,
    });
    const dw1 = rows.find((r) => r.name === 'conv_dw_1');
    expect(dw1).toMatchObject({ type: 'DepthwiseConv2D', kernel: 3, stride: 1 });
    expect(rows.find((r) => r.name === 'conv_preds')?.params).toBe(256 * 1000 + 1000);
    expect(rows.find((r) => r.name === 'conv_pw_13_relu')).toMatchObject({ kernel: null, stride: null, params: 0 });
  });
});

describe('withInputSize', () => {
  ifWeights('160 px input gives a [null, 5, 5, 256] map at conv_pw_13_relu; the source is unchanged', async () => {
    const model = await loadBackbone(tf, fileLoader(v1Json), 160);
    try {
      expect(model.inputs[0]?.shape).toEqual([null, 160, 160, 3]);
      const cut = truncate(tf, model, 'conv_pw_13_relu');
      expect(cut.outputs[0]?.shape).toEqual([null, 5, 5, 256]);
      const out = tf.tidy(() => cut.predict(tf.zeros([1, 160, 160, 3])) as tfc.Tensor);
      expect(out.shape).toEqual([1, 5, 5, 256]);
      out.dispose();
    } finally {
      model.dispose();
    }
    const raw = await fileLoader(v1Json).load!();
    const text = JSON.stringify(raw.modelTopology);
    expect(text).toContain('"batch_input_shape":[null,224,224,3]');
  });

  test('a topology without an input layer, or a handler that cannot load, is a ModelStructureError', async () => {
    const noInput = withInputSize({ load: async () => ({ modelTopology: { config: { layers: [] } } }) }, 96);
    await expect(noInput.load!()).rejects.toThrow('The model declares no input shape.');
    await expect(withInputSize({}, 96).load!()).rejects.toThrow(ModelStructureError);
  });
});

describe.skipIf(noWeights)('FeatureExtractor', () => {
  test('pooled v1 features: 256 values per image, deterministic; disposing frees every tensor', async () => {
    const baseline = tf.memory().numTensors;
    const spec = { backbone: V1, layer: 'conv_pw_13_relu', inputSize: 96, pooling: 'gap' as const };
    const extractor = await loadFeatureExtractor(tf, fileLoader(v1Json), spec);
    expect(extractor).toBeInstanceOf(FeatureExtractor);
    expect(extractor.shape).toEqual([256]);
    expect(extractor.input.size).toBe(96);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    const image = {
      width: 20,
      height: 10,
      channels: 1 as const,
      data: new Uint8Array(200).map((_, i) => (i * 13) % 256),
    };
    const blank = { width: 8, height: 8, channels: 1 as const, data: new Uint8Array(64) };
    const [a, b] = await extractor.embed([image, blank]);
    const [again] = await extractor.embed([image]);
    expect(a).toHaveLength(256);
    expect(Array.from(again ?? [])).toEqual(Array.from(a ?? []));
    expect(Array.from(a ?? [])).not.toEqual(Array.from(b ?? []));
    expect((a ?? []).every((v) => v >= 0)).toBe(true); // after ReLU
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  test('unpooled features keep the spatial map shape', async () => {
    const baseline = tf.memory().numTensors;
    const spec = { backbone: V1, layer: 'conv_pw_11_relu', inputSize: 128, pooling: 'none' as const };
    const extractor = await loadFeatureExtractor(tf, fileLoader(v1Json), spec);
    expect(extractor.shape).toEqual([8, 8, 128]);
    const [vector] = await extractor.embed([{ width: 4, height: 4, channels: 3, data: new Uint8Array(48).fill(99) }]);
    expect(vector).toHaveLength(8 * 8 * 128);
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  test('an unknown layer name fails with the layer list and leaves no weights behind', async () => {
    const baseline = tf.memory().numTensors;
    const spec = { backbone: V1, layer: 'nope', inputSize: 96, pooling: 'gap' as const };
    await expect(loadFeatureExtractor(tf, fileLoader(v1Json), spec)).rejects.toThrow(
      /Layer "nope" is not in .*conv_pw_13_relu/,
    );
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
