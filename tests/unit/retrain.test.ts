/**
 * In-page retraining (src/lib/model/training/retrain.ts and the widget's example set): the reader's head learns from pooled
 * features, refuses too few examples, forgets a cancelled run, refuses a saved head from another backbone, scores
 * held-out scans, and leaves no tensor behind. The pooled feature is the real classifier's, from the one preprocessing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ExampleSet, type HeldExample } from '../../src/components/HeadTrainer/examples';
import type { GalleryScan } from '../../src/lib/gallery';
import { Classifier } from '../../src/lib/model/core/classifier';
import { loadFeatureExtractor } from '../../src/lib/model/core/features';
import { parseHeadMeta, type HeadMeta } from '../../src/lib/model/core/meta';
import {
  MIN_EXAMPLES_PER_CLASS,
  countPerClass,
  NotEnoughExamplesError,
  ReaderHeadMismatchError,
  backboneSignature,
  checkReaderHead,
  missingExamples,
  pooledFeature,
  scoreHead,
  scoreProbabilities,
  splitReaderExamples,
  trainReaderHead,
  type ReaderExample,
} from '../../src/lib/model/training/retrain';
import { createRng } from '../../src/lib/model/core/rng';
import type { Tf } from '../../src/lib/model/core/runtime';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SHARED_DATA, SITE_HEADS, backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

let tf: Tf;
beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

const META = {
  format: 'lightbox-head/1',
  task: 'cxr',
  classes: ['NORMAL', 'PNEUMONIA'],
  created: '2026-11-22T00:00:00Z',
  feature: { backbone: 'mobilenet_v1_0.25_224', layer: 'conv_pw_13_relu', inputSize: 224, pooling: 'none' },
  input: { size: 224, scale: 1 / 127.5, offset: -1 },
} as unknown as HeadMeta;

/** Two classes 3 SD apart along every one of 16 coordinates. */
function blobs(perClass: number, seed: number): ReaderExample[] {
  const rng = createRng(seed);
  return Array.from({ length: 2 * perClass }, (_, i) => ({
    key: `b${i}`,
    classIndex: i % 2,
    feature: Float32Array.from({ length: 16 }, () => (i % 2 ? 1.5 : -1.5) + (rng() - 0.5) * 2),
  }));
}

describe('reader head training', () => {
  test('learns separable classes and calls held-out examples right, leaving only its own weights', async () => {
    const before = tf.memory().numTensors;
    const { head, info, result } = await trainReaderHead(tf, META, blobs(6, 1), { seed: 3 });
    expect(head).not.toBeNull();
    expect(result.history.length).toBeGreaterThan(1);
    expect(result.history[result.history.length - 1]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    const heldOut = blobs(20, 99);
    const score = await scoreHead(
      tf,
      head!,
      heldOut.map((e) => e.feature),
      heldOut.map((e) => e.classIndex),
      2,
    );
    expect(score.correct).toBe(40);
    expect(score.confusion).toEqual([
      [20, 0],
      [0, 20],
    ]);
    expect(info).toMatchObject({ task: 'cxr', classes: ['NORMAL', 'PNEUMONIA'], examplesPerClass: [6, 6], seed: 3 });
    expect(info!.bestEpoch).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before + head!.weights.length);
    head!.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('holds out a quarter of each class by example and stops on the validation loss', async () => {
    const examples = blobs(6, 7);
    const split = splitReaderExamples(examples, 42);
    expect(countPerClass(split.validation, 2)).toEqual([2, 2]);
    expect(countPerClass(split.train, 2)).toEqual([4, 4]);
    const keys = new Set(split.validation.map((e) => e.key));
    expect(split.train.some((e) => keys.has(e.key))).toBe(false);
    expect(splitReaderExamples(examples, 42)).toEqual(split);
    // Noisy, overlapping classes: the training loss keeps falling after the validation loss stops improving.
    const noisy = blobs(8, 11).map((e, i) => ({
      ...e,
      feature: e.feature.map((v) => v * 0.2 + Math.sin(i * 7.3 + v)),
    }));
    const { head, info, result } = await trainReaderHead(tf, META, noisy, {
      seed: 5,
      params: { epochs: 200, patience: 5 },
    });
    head?.dispose();
    expect(result.history.every((h) => h.validationLoss !== null)).toBe(true);
    const best = result.history.find((h) => h.epoch === result.bestEpoch)!;
    expect(info!.bestLoss).toBe(best.validationLoss);
    expect(Math.min(...result.history.map((h) => h.validationLoss!))).toBeGreaterThanOrEqual(
      best.validationLoss! - 1e-5,
    );
    if (result.stoppedEarly) expect(result.history.length - result.bestEpoch).toBe(5);
    expect(info!.validationPerClass).toEqual([2, 2]);
  });

  test('refuses to train with fewer than the minimum per class, naming the class', async () => {
    const examples = blobs(3, 2).filter((e) => e.classIndex === 0 || e.key === 'b1');
    expect(missingExamples([3, 1], META.classes)).toContain('PNEUMONIA');
    expect(missingExamples([MIN_EXAMPLES_PER_CLASS, MIN_EXAMPLES_PER_CLASS], META.classes)).toBeNull();
    const before = tf.memory().numTensors;
    await expect(trainReaderHead(tf, META, examples, { seed: 1 })).rejects.toThrow(NotEnoughExamplesError);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a cancelled run keeps nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const outcome = await trainReaderHead(tf, META, blobs(8, 4), {
      seed: 1,
      signal: controller.signal,
      onProgress: (r) => {
        if (r.epoch === 2) controller.abort();
      },
    });
    expect(outcome.head).toBeNull();
    expect(outcome.result.cancelled).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a saved head is refused on another backbone, task or class list, with the reason', async () => {
    const { head, info } = await trainReaderHead(tf, META, blobs(4, 5), { seed: 1, params: { epochs: 3 } });
    head!.dispose();
    expect(checkReaderHead(JSON.parse(JSON.stringify(info)), META).backboneSignature).toBe(backboneSignature(META));
    const tuned = { ...META, finetunedBackbone: { path: 'backbone/model.json', layers: ['conv_pw_13'] } } as HeadMeta;
    expect(backboneSignature(tuned)).not.toBe(backboneSignature(META));
    expect(() => checkReaderHead(info, tuned)).toThrow(/another version of the backbone/);
    expect(() =>
      checkReaderHead(info, { ...META, task: 'oct', classes: ['CNV', 'DME', 'DRUSEN', 'NORMAL'] } as HeadMeta),
    ).toThrow(ReaderHeadMismatchError);
    expect(() => checkReaderHead({ format: 'x' }, META)).toThrow(/not a Lightbox reader head/);
  });

  test('scores probabilities computed elsewhere the same way', () => {
    const p = [Float32Array.of(0.9, 0.1), Float32Array.of(0.3, 0.7), Float32Array.of(0.6, 0.4)];
    const score = scoreProbabilities(p, [0, 1, 1], 2);
    expect(score).toMatchObject({
      correct: 2,
      total: 3,
      confusion: [
        [1, 0],
        [1, 1],
      ],
    });
  });
});

describe('example set', () => {
  const example = (key: string, classIndex: number, scanId: string | null): HeldExample => ({
    key,
    classIndex,
    scanId,
    name: key,
    feature: new Float32Array(2),
    preview: { width: 1, height: 1, values: new Float32Array(1) },
  });
  test('adds, removes and offers the gallery scans not yet used', () => {
    const set = new ExampleSet();
    set.add(example(set.nextKey('a'), 0, 'a'));
    set.add(example(set.nextKey('mine.png'), 1, null));
    expect(set.all.map((e) => e.key)).toEqual(['a#1', 'mine.png#2']);
    const scans = ['a', 'b', 'c'].map((id) => ({ id }) as GalleryScan);
    expect(set.unusedScans(scans, 5).map((s) => s.id)).toEqual(['b', 'c']);
    expect(set.remove('a#1')).toBe(true);
    expect(set.remove('a#1')).toBe(false);
    expect(set.unusedScans(scans, 2).map((s) => s.id)).toEqual(['a', 'b']);
    expect(set.ofClass(1)).toHaveLength(1);
  });
});

const headDir = join(SITE_HEADS, 'cxr');
const pooledTest = 'the shipped classifier’s pooled features';
describe.skipIf(missing(join(headDir, 'meta.json'), pooledTest) || missing(SHARED_DATA, pooledTest))(
  'pooled features of the shipped classifier',
  () => {
    test('equal the training pipeline’s pooled embedding of the same backbone layer (one preprocessing)', async () => {
      const meta = parseHeadMeta(JSON.parse(readFileSync(join(headDir, 'meta.json'), 'utf8')));
      const before = tf.memory().numTensors;
      const classifier = await Classifier.load(tf, meta, {
        backbone: fileLoader(backboneModelJson(meta.feature.backbone)),
        head: fileLoader(join(headDir, 'model.json')),
        finetuned: meta.finetunedBackbone ? fileLoader(join(headDir, meta.finetunedBackbone.path)) : undefined,
      });
      const scores = JSON.parse(readFileSync(join(headDir, 'test-scores.json'), 'utf8')) as { rows: { id: string }[] };
      const id = scores.rows[0]!.id;
      const image = await decodeImage(readFileSync(join(SHARED_DATA, id)), id);
      const feature = await pooledFeature(classifier, image);
      expect(feature.length).toBe(256);
      if (!meta.finetunedBackbone) {
        const extractor = await loadFeatureExtractor(tf, fileLoader(backboneModelJson(meta.feature.backbone)), {
          ...meta.feature,
          pooling: 'gap',
        });
        const [reference] = await extractor.embed([image]);
        extractor.dispose();
        let worst = 0;
        feature.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - (reference![i] ?? Number.NaN)));
        });
        expect(worst).toBeLessThan(1e-5);
      }
      classifier.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }, 60_000);
  },
);
