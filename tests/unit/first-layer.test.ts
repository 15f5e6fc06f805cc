import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBackbone } from '../../src/lib/model/core/backbone';
import {
  blockOutput,
  channelSum,
  convResponses,
  filterKind,
  filterRgba,
  filterWeights,
  firstConvLayer,
  maxAbsWeight,
  readFilters,
  type ConvFilters,
} from '../../src/lib/model/lessons/first-layer';
import type { Tf } from '../../src/lib/model/core/runtime';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';

let tf: Tf;
let model: tfc.LayersModel;

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
  model = await loadBackbone(tf, fileLoader(backboneModelJson('mobilenet_v1_0.25_224')));
});

afterAll(() => model?.dispose());

describe('the first convolution of MobileNet v1 0.25, read from the model', () => {
  test('found by class name, with its kernel, stride and padding from the config', async () => {
    const layer = firstConvLayer(model);
    const filters = await readFilters(layer);
    expect(filters).toMatchObject({
      layerName: 'conv1',
      kernelHeight: 3,
      kernelWidth: 3,
      inChannels: 3,
      count: 8,
      strides: [2, 2],
      padding: 'same',
      bias: null,
    });
    expect(filters.weights).toHaveLength(3 * 3 * 3 * 8);
  });

  test('three of its eight filters are dead and two are colour-contrast detectors that cancel on grey', async () => {
    const filters = await readFilters(firstConvLayer(model));
    expect(Array.from({ length: 8 }, (_, i) => filterKind(filters, i))).toEqual([
      'colour',
      'grey',
      'dead',
      'dead',
      'grey',
      'grey',
      'colour',
      'dead',
    ]);
  });

  test('its block ends at the activation after batch normalisation', () => {
    expect(blockOutput(firstConvLayer(model)).name).toBe('conv1_relu');
  });

  test('convResponses equals the layer itself run through tfjs', async () => {
    const layer = firstConvLayer(model);
    const input = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 42) as tfc.Tensor4D;
    const before = tf.memory().numTensors;
    const ours = convResponses(tf, input, layer);
    const theirs = layer.apply(input) as tfc.Tensor4D;
    expect(ours.shape).toEqual([1, 112, 112, 8]);
    const diff = tf.tidy(() => ours.sub(theirs).abs().max().dataSync()[0]);
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([ours, theirs]);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});

describe('drawing and summing filters', () => {
  const tiny: ConvFilters = {
    layerName: 't',
    kernelHeight: 1,
    kernelWidth: 2,
    inChannels: 3,
    count: 2,
    strides: [1, 1],
    padding: 'same',
    bias: null,
    // [kh=1, kw=2, in=3, count=2]: cell 0 → (f0: 1, 2, 3 | f1: 0, 0, 0); cell 1 → (f0: -4, 0, 0 | f1: 0, 0, 0.5)
    weights: Float32Array.from([1, 0, 2, 0, 3, 0, -4, 0, 0, 0, 0, 0.5]),
  };

  test('filterWeights de-interleaves the last axis', () => {
    expect(filterWeights(tiny, 0)).toEqual([1, 2, 3, -4, 0, 0]);
    expect(filterWeights(tiny, 1)).toEqual([0, 0, 0, 0, 0, 0.5]);
  });

  test('channelSum is the kernel seen by a grey image copied into all channels', () => {
    expect(channelSum(tiny, 0)).toEqual([6, -4]);
  });

  test('filterRgba maps ±max|w| to full and no intensity, 0 to mid-grey', () => {
    expect(maxAbsWeight(tiny)).toBe(4);
    expect(Array.from(filterRgba(tiny, 0))).toEqual([160, 192, 223, 255, 1, 128, 128, 255]);
  });
});
