import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backboneInfo, defaultCutLayer, loadBackbone } from '../../src/lib/model/core/backbone';
import type { Tf } from '../../src/lib/model/core/runtime';
import {
  ShiftError,
  driftCurve,
  median,
  otherScanDistance,
  relativeDistance,
  shiftInput,
} from '../../src/lib/model/lessons/shift';
import { firstStageLayer } from '../../src/lib/model/core/probe';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const V1_JSON = backboneModelJson('mobilenet_v1_0.25_224', true);
const V2_JSON = backboneModelJson('mobilenet_v2_0.35_224_notop', true);
const noWeights = missing(V1_JSON, 'the shift tests on MobileNet') || missing(V2_JSON, 'the shift tests on MobileNet');
let tf: Tf;
let v1: tfc.LayersModel;
let v2: tfc.LayersModel;

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
  if (noWeights) return;
  v1 = await loadBackbone(tf, fileLoader(V1_JSON));
  v2 = await loadBackbone(tf, fileLoader(V2_JSON));
});

afterAll(() => {
  v1?.dispose();
  v2?.dispose();
});

/** A 1 × 3 × 4 × 1 input with values 1..12, row by row. */
function small(): tfc.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: 12 }, (_, i) => i + 1),
    [1, 3, 4, 1],
  );
}

describe('shiftInput', () => {
  test('right by 1 with edge copy and with a fill value', async () => {
    const x = small();
    const edge = shiftInput(tf, x, 1, 'right', 'edge', -1);
    const zero = shiftInput(tf, x, 2, 'right', 'zero', -1);
    expect(Array.from(await edge.data())).toEqual([1, 1, 2, 3, 5, 5, 6, 7, 9, 9, 10, 11]);
    expect(Array.from(await zero.data())).toEqual([-1, -1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10]);
    tf.dispose([x, edge, zero]);
  });

  test('down by 1 with edge copy; 0 is a copy; a shift as long as the image is refused', async () => {
    const x = small();
    const down = shiftInput(tf, x, 1, 'down', 'edge', 0);
    const none = shiftInput(tf, x, 0, 'down', 'zero', 0);
    expect(Array.from(await down.data())).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(await none.data())).toEqual(Array.from(await x.data()));
    expect(() => shiftInput(tf, x, 3, 'down', 'edge', 0)).toThrow(
      new ShiftError('A shift must be a whole number from 0 to 2 px, got 3.'),
    );
    tf.dispose([x, down, none]);
  });
});

describe('relativeDistance', () => {
  test('‖a − b‖ / ‖a‖', () => {
    expect(relativeDistance([3, 4], [3, 4])).toBe(0);
    expect(relativeDistance([3, 4], [0, 0])).toBe(1);
    expect(relativeDistance([3, 4], [6, 8])).toBe(1);
    expect(relativeDistance([0, 0], [0, 0])).toBe(0);
    expect(() => relativeDistance([1], [1, 2])).toThrow(ShiftError);
  });
});

describe.skipIf(noWeights)('firstStageLayer', () => {
  test('v1: conv_pw_1_relu, the 112 × 112 map feeding the second strided layer', () => {
    const layer = firstStageLayer(v1);
    expect(layer.name).toBe('conv_pw_1_relu');
    expect(layer.outputShape).toEqual([null, 112, 112, 16]);
  });

  test('v2: skips the explicit padding layer before the second strided layer', () => {
    const layer = firstStageLayer(v2);
    expect(layer.getClassName()).not.toBe('ZeroPadding2D');
    expect((layer.outputShape as number[])[1]).toBe(112);
  });
});

describe.skipIf(noWeights)('driftCurve on the real MobileNet v1', () => {
  test('pooled features change far less than the early map; deterministic; no tensor left', async () => {
    const size = 224;
    const data = new Uint8Array(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) data[y * size + x] = ((x * 7) ^ (y * 3)) % 256 > 128 ? 220 : 30;
    const image = { width: size, height: size, channels: 1 as const, data };
    const options = {
      direction: 'right' as const,
      fill: 'edge' as const,
      maxShift: 4,
      earlyLayer: firstStageLayer(v1).name,
      pooledLayer: defaultCutLayer(v1).name,
      spec: backboneInfo('mobilenet_v1_0.25_224').input,
    };
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const curve = await driftCurve(tf, v1, image, options, (points) => {
      seen.push(points.length);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(curve.map((p) => p.shift)).toEqual([0, 1, 2, 3, 4]);
    expect(curve[0]).toEqual({ shift: 0, early: 0, last: 0, pooled: 0 });
    // The last map, cell by cell, sits between: pooling removes part of the change that remains at depth.
    for (const point of curve.slice(1)) {
      expect(point.pooled).toBeLessThan(point.early);
      expect(point.pooled).toBeLessThan(point.last);
    }
    const again = await driftCurve(tf, v1, image, options);
    expect(again).toEqual(curve);
  });

  test('an aborted run stops after the current shift', async () => {
    const image = { width: 8, height: 8, channels: 1 as const, data: new Uint8Array(64).fill(90) };
    const controller = new AbortController();
    const curve = await driftCurve(
      tf,
      v1,
      image,
      {
        direction: 'down',
        fill: 'zero',
        maxShift: 16,
        earlyLayer: 'conv_pw_1_relu',
        pooledLayer: 'conv_pw_13_relu',
        spec: backboneInfo('mobilenet_v1_0.25_224').input,
      },
      (points) => {
        if (points.length === 2) controller.abort();
      },
      controller.signal,
    );
    expect(curve).toHaveLength(2);
  });
});

describe.skipIf(noWeights)('otherScanDistance', () => {
  test('median distance to other scans; median itself', async () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow(ShiftError);
    const flat = (v: number) => ({ width: 16, height: 16, channels: 1 as const, data: new Uint8Array(256).fill(v) });
    const options = {
      direction: 'right' as const,
      fill: 'edge' as const,
      maxShift: 0,
      earlyLayer: 'conv_pw_1_relu',
      pooledLayer: 'conv_pw_13_relu',
      spec: backboneInfo('mobilenet_v1_0.25_224').input,
    };
    const before = tf.memory().numTensors;
    const same = await otherScanDistance(tf, v1, flat(100), [flat(100), flat(100)], options);
    expect(same).toEqual({ early: 0, last: 0, pooled: 0 });
    const apart = await otherScanDistance(tf, v1, flat(100), [flat(20), flat(240), flat(100)], options);
    expect(apart.early).toBeGreaterThan(0);
    expect(apart.pooled).toBeGreaterThan(0);
    expect(apart.last).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
