import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { backboneInfo, loadBackbone } from '../../src/lib/model/core/backbone';
import { LabelsFormatError, parseImagenetLabels, topK } from '../../src/lib/model/core/imagenet';
import { toInputTensor } from '../../src/lib/model/core/preprocess';
import type { Tf } from '../../src/lib/model/core/runtime';
import { DecodeError, decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SHARED_DATA, backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const V1_DIR = dirname(backboneModelJson('mobilenet_v1_0.25_224', true));
const LABELS = join(V1_DIR, 'imagenet_labels.json');
const SCAN = join(SHARED_DATA, 'cxr/test/NORMAL/IM-0001-0001.jpeg');
const OCT_SCAN = join(SHARED_DATA, 'oct/test/CNV/CNV-53018-1.jpeg');
const noLabels = missing(LABELS, 'the tests on the real ImageNet labels');
const noModel = missing(join(V1_DIR, 'model.json'), 'MobileNet v1 on real scans');
const noScans = [SCAN, OCT_SCAN].filter((scan) => missing(scan, 'MobileNet v1 on real scans')).length > 0;

let labelsJson: unknown;
beforeAll(async () => {
  if (!noLabels) labelsJson = JSON.parse(await readFile(LABELS, 'utf8'));
});

describe('parseImagenetLabels', () => {
  test.skipIf(noLabels)('the real labels file: 1000 names in class-index order', () => {
    const labels = parseImagenetLabels(labelsJson);
    expect(labels).toHaveLength(1000);
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(labels[0]?.toLowerCase()).toContain('tench');
    expect(labels[999]?.toLowerCase()).toContain('toilet');
  });

  test.each([
    ['null', null],
    ['a bare array', new Array(1000).fill('x')],
    ['no labels key', { classes: new Array(1000).fill('x') }],
    ['999 labels', { labels: new Array(999).fill('x') }],
    ['1001 labels', { labels: new Array(1001).fill('x') }],
    ['a number among them', { labels: [...new Array(999).fill('x'), 7] }],
    ['labels as a string', { labels: 'tench' }],
  ])('rejects %s', (_, json) => {
    expect(() => parseImagenetLabels(json)).toThrow(LabelsFormatError);
    expect(() => parseImagenetLabels(json)).toThrow('imagenet_labels.json must hold {"labels": [1000 class names]}.');
  });
});

describe('topK', () => {
  test('highest first, labels attached, k limits the list', () => {
    expect(topK([0.1, 0.5, 0.15, 0.25], ['a', 'b', 'c', 'd'], 3)).toEqual([
      { index: 1, label: 'b', probability: 0.5 },
      { index: 3, label: 'd', probability: 0.25 },
      { index: 2, label: 'c', probability: 0.15 },
    ]);
  });

  test('ties keep the lower index first, wherever they are', () => {
    expect(topK([0.2, 0.3, 0.2, 0.3], ['a', 'b', 'c', 'd'], 4).map((r) => r.index)).toEqual([1, 3, 0, 2]);
    expect(topK(new Float32Array([0, 0, 0]), [], 2).map((r) => r.index)).toEqual([0, 1]);
  });

  test('missing labels are named by index; k beyond the length returns all', () => {
    const ranked = topK([0.6, 0.4], ['only'], 5);
    expect(ranked).toHaveLength(2);
    expect(ranked[1]?.label).toBe('class 1');
  });

  test('does not reorder the input', () => {
    const p = [0.1, 0.9, 0.5];
    topK(p, [], 3);
    expect(p).toEqual([0.1, 0.9, 0.5]);
  });
});

describe.skipIf(noLabels || noModel || noScans)('the real MobileNet v1 with its ImageNet top on real scans', () => {
  let tf: Tf;
  let model: tfc.LayersModel;
  beforeAll(async () => {
    tf = (await nodeRuntime()).tf;
    model = await loadBackbone(tf, fileLoader(join(V1_DIR, 'model.json')));
    return () => model.dispose();
  });

  test.each([SCAN, OCT_SCAN])('%s → 1000 probabilities summing to 1 ± 1e-4', async (path) => {
    const image = await decodeImage(await readFile(path), path);
    expect(image.width).toBeGreaterThan(0);
    expect([1, 3]).toContain(image.channels);
    const before = tf.memory().numTensors;
    const output = tf.tidy(
      () => model.predict(toInputTensor(tf, image, backboneInfo('mobilenet_v1_0.25_224').input)) as tfc.Tensor,
    );
    const probabilities = Array.from(await output.data());
    output.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(probabilities).toHaveLength(1000);
    const sum = probabilities.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-4);
    expect(Math.min(...probabilities)).toBeGreaterThanOrEqual(0);
    const top = topK(probabilities, parseImagenetLabels(labelsJson), 5);
    expect(top).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(top[i]!.probability).toBeLessThanOrEqual(top[i - 1]!.probability);
    expect(top[0]!.probability).toBe(Math.max(...probabilities));
  });

  test('decodeImage names the file it cannot decode', async () => {
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4]), 'broken.jpeg')).rejects.toThrow(DecodeError);
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4]), 'broken.jpeg')).rejects.toThrow(
      /^broken\.jpeg: cannot decode image/,
    );
  });
});
