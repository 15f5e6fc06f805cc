import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ModelStructureError, loadBackbone } from '../../src/lib/model/core/backbone';
import { activationStats, browsableLayers, liveliestChannel } from '../../src/lib/model/core/activations';
import { channelSum } from '../../src/lib/model/core/grid';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const V1_JSON = backboneModelJson('mobilenet_v1_0.25_224', true);
const V2_JSON = backboneModelJson('mobilenet_v2_0.35_224_notop', true);
const noWeights = missing(V1_JSON, 'browsableLayers on MobileNet') || missing(V2_JSON, 'browsableLayers on MobileNet');

let v1: tfc.LayersModel;
let v2: tfc.LayersModel;

beforeAll(async () => {
  if (noWeights) return;
  const { tf } = await nodeRuntime();
  v1 = await loadBackbone(tf, fileLoader(V1_JSON));
  v2 = await loadBackbone(tf, fileLoader(V2_JSON));
});

afterAll(() => {
  v1?.dispose();
  v2?.dispose();
});

describe('activationStats', () => {
  test('min, max, mean and the share of exact zeros', () => {
    expect(activationStats([0, 0, 2, 6])).toEqual({ count: 4, min: 0, max: 6, mean: 2, sum: 8, zeroFraction: 0.5 });
    expect(activationStats(Float32Array.from([-1, 1]))).toEqual({
      count: 2,
      min: -1,
      max: 1,
      mean: 0,
      sum: 0,
      zeroFraction: 0,
    });
    expect(activationStats([])).toEqual({ count: 0, min: 0, max: 0, mean: 0, sum: 0, zeroFraction: 0 });
  });

  test('channelSum adds one channel of an interleaved [h, w, c] map', () => {
    expect(channelSum([1, 10, 2, 20, 3, 30], 2, 1)).toBe(60);
    expect(channelSum([1, 10, 2, 20, 3, 30], 2, 0)).toBe(6);
  });

  test('liveliestChannel picks the channel with the largest spread', () => {
    expect(liveliestChannel([5, 0, 1, 5, 0, 9, 5, 0, 1], 3)).toBe(2);
    expect(liveliestChannel([1, 1, 1, 1], 2)).toBe(0);
  });
});

describe.skipIf(noWeights)('browsableLayers', () => {
  test('v1: every spatial layer from conv1 to the head input, none after it, not the input', () => {
    const names = browsableLayers(v1, 'conv_pw_13_relu').map((l) => l.name);
    expect(names[0]).toBe('conv1');
    expect(names[names.length - 1]).toBe('conv_pw_13_relu');
    expect(names).toHaveLength(81);
    expect(names).not.toContain('input_1');
    expect(names).not.toContain('conv_preds');
  });

  test('v2: ends at out_relu and includes the residual additions', () => {
    const layers = browsableLayers(v2, 'out_relu');
    expect(layers[layers.length - 1]?.name).toBe('out_relu');
    expect(layers.some((l) => l.getClassName() === 'Add')).toBe(true);
  });

  test('an unknown head layer is a clear error', () => {
    expect(() => browsableLayers(v1, 'nope')).toThrow(ModelStructureError);
  });
});
