/**
 * The explanation library on the shipped CXR model in Node (wasm), each method against a simple reference: occlusion
 * drops against the classifier's own prediction of the occluded film, the mirrored film's peak, saliency against
 * finite differences, Grad-CAM's layer walk against the full model, Integrated Gradients' completeness, the curves'
 * ends, the sanity check's copy, and tensors back to baseline after 50 maps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as tfc from '@tensorflow/tfjs';
import { Classifier } from '../../src/lib/model/core/classifier';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import { grayToInputTensor, preprocessGray } from '../../src/lib/model/core/preprocess';
import { gradCam, integratedGradients, saliency } from '../../src/lib/model/explain/gradients';
import {
  deletionInsertion,
  randomMap,
  rankPixels,
  spearman,
  trapezoid,
} from '../../src/lib/model/explain/faithfulness';
import { ExplainAbortedError, mirror, peakOf, scoreOfLogits } from '../../src/lib/model/explain/maps';
import { occlusion, occlusionProblem, positions, scanOrder } from '../../src/lib/model/explain/occlusion';
import { randomisationSteps, sanityCheck } from '../../src/lib/model/explain/sanity';
import { camLayers, Scorer, type Explainable } from '../../src/lib/model/explain/scorer';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SITE_BACKBONES, SITE_HEADS, SITE_SAMPLES } from '../../src/node/paths';
import { leakCheckedTf } from './leak-checked-tf';
import { missing } from './needs-files';

const tf = await leakCheckedTf();
const SCAN = 'cxr/IM-0069-0001.jpeg';
const noFiles = missing(join(SITE_SAMPLES, SCAN), 'the explanation tests on the shipped CXR model');

async function load(task: string): Promise<{ classifier: Classifier; model: Explainable }> {
  const meta = parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, task, 'meta.json'), 'utf8')));
  const classifier = await Classifier.load(tf, meta, {
    backbone: fileLoader(join(SITE_BACKBONES, meta.feature.backbone, 'model.json')),
    head: fileLoader(join(SITE_HEADS, task, 'model.json')),
    finetuned: meta.finetunedBackbone ? fileLoader(join(SITE_HEADS, task, meta.finetunedBackbone.path)) : undefined,
  });
  const model = { tf, meta, backbone: classifier.backbone, head: classifier.head, pooling: meta.feature.pooling };
  return { classifier, model };
}

describe('pure parts', () => {
  test('positions cover every pixel, coarse lattice first, impossible scans refused with the reason', () => {
    expect(positions(224, 20, 20)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 204]);
    expect(positions(224, 28, 28)).toHaveLength(8);
    const order = scanOrder(224, 20, 10);
    expect(order).toHaveLength(22 * 22);
    expect(order.slice(0, 3)).toEqual([
      { top: 0, left: 0, spacing: 40 },
      { top: 0, left: 40, spacing: 40 },
      { top: 0, left: 80, spacing: 40 },
    ]);
    expect(order.filter((p) => p.spacing === 40)).toHaveLength(7 * 7);
    expect(order.filter((p) => p.spacing <= 20)).toHaveLength(22 * 22 - 49);
    expect(occlusionProblem(224, 20, 10)).toBeNull();
    expect(occlusionProblem(224, 300, 10)).toMatch(/does not fit/);
    expect(occlusionProblem(224, 20, 30)).toMatch(/skip pixels/);
    expect(occlusionProblem(224, 20, 0)).toMatch(/stride/);
  });

  test('Spearman, ranks, trapezoid and scores from logits', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2, 2], [1, 2, 3, 4])).toBeCloseTo(0.894427, 5);
    expect(rankPixels([0.2, Number.NaN, 0.9, 0.2])).toEqual([2, 0, 3, 1]);
    expect(trapezoid([0, 0.5, 1], [1, 1, 0])).toBeCloseTo(0.75, 12);
    expect(scoreOfLogits([0, Math.log(3)], 1, 'probability')).toBeCloseTo(0.75, 12);
    expect(scoreOfLogits([0, Math.log(3)], 1, 'logodds')).toBeCloseTo(Math.log(3), 12);
    expect(scoreOfLogits([1, 2, 3], 0, 'logodds')).toBeCloseTo(Math.log(0.09003057 / (1 - 0.09003057)), 6);
  });
});

describe.skipIf(noFiles)('on the shipped CXR model', () => {
  let classifier: Classifier;
  let model: Explainable;
  let scorer: Scorer;
  let gray: Float32Array;
  beforeAll(async () => {
    ({ classifier, model } = await load('cxr'));
    scorer = new Scorer(model);
    gray = preprocessGray(await decodeImage(readFileSync(join(SITE_SAMPLES, SCAN)), SCAN), 224);
  });
  afterAll(() => classifier.dispose());
  const probabilityOf = async (values: Float32Array): Promise<Float32Array> => {
    const p = tf.tidy(() => classifier.probabilitiesFromInput(grayToInputTensor(tf, values, model.meta.input)));
    const out = (await p.data()) as Float32Array;
    p.dispose();
    return out;
  };

  test('occlusion drops equal the classifier on the occluded film; the mirrored film mirrors the peak', async () => {
    const predicted = await probabilityOf(gray);
    const target = predicted[1]! > predicted[0]! ? 1 : 0; // the predicted class, as the chapter's default
    const result = await occlusion(scorer, gray, { window: 28, stride: 28, fill: 'zero', target, batch: 8 });
    const base = (await probabilityOf(gray))[target]!;
    expect(result.base.probability).toBeCloseTo(base, 5);
    for (const box of [result.boxes[0]!, result.boxes[27]!, result.boxes[63]!]) {
      const occluded = Float32Array.from(gray);
      for (let y = box.top; y < box.top + 28; y++) occluded.fill(0, y * 224 + box.left, y * 224 + box.left + 28);
      const p = (await probabilityOf(occluded))[target]!;
      expect(Math.abs(box.probability - (base - p))).toBeLessThan(1e-5);
      const logit = (q: number): number => Math.log(q / (1 - q));
      expect(box.logodds).toBeCloseTo(logit(base) - logit(p), 3);
    }
    const flipped = await occlusion(scorer, mirror(gray, 224), { window: 28, stride: 28, fill: 'zero', target });
    for (const space of ['probability', 'logodds'] as const) {
      const peak = peakOf(result.maps[space]);
      const flippedPeak = peakOf(flipped.maps[space]);
      expect(flippedPeak.row).toBe(peak.row);
      expect(flippedPeak.col).toBe(224 - peak.col - 28);
      expect(spearman(mirror(result.maps[space].values, 224), flipped.maps[space].values)).toBeGreaterThan(0.5);
    }
  });

  test('saliency equals finite differences along a box; Grad-CAM’s layer walk reproduces the model', async () => {
    const options = { target: 1, space: 'logodds' as const };
    const map = await saliency(scorer, gray, options);
    const box = new Float32Array(gray.length);
    for (let y = 100; y < 132; y++) box.fill(1, y * 224 + 60, y * 224 + 92);
    const along = map.values.reduce((sum, g, i) => sum + g * (box[i] as number), 0);
    const h = 2;
    const shifted = (sign: number): tfc.Tensor4D =>
      grayToInputTensor(
        tf,
        gray.map((v, i) => v + sign * h * (box[i] as number)),
        model.meta.input,
      );
    const scoreAt = async (sign: number): Promise<number> => {
      const input = shifted(sign);
      const [value] = await scorer.scores(input, 1, 'logodds');
      input.dispose();
      return value!;
    };
    const [up, down] = [await scoreAt(1), await scoreAt(-1)];
    const finite = (up! - down!) / (2 * h);
    expect(Math.abs(along - finite)).toBeLessThan(0.05 * Math.abs(finite) + 1e-3);
    const cam = await gradCam(scorer, gray, { ...options, layer: 'conv_pw_11_relu' });
    expect(cam.coarse.width).toBe(14);
    expect(cam.map.width).toBe(224);
    expect(Math.min(...cam.map.values)).toBeGreaterThanOrEqual(0);
    expect(camLayers(model)).toContain('conv_pw_13_relu');
  });

  test('Integrated Gradients: attributions sum to f(x) − f(black) within 5 %', async () => {
    const ig = await integratedGradients(scorer, gray, { target: 1, space: 'logodds', steps: 64 });
    expect(ig.completenessError).toBeLessThan(0.05);
    expect(Math.abs(ig.delta)).toBeGreaterThan(1);
  });

  test('deletion starts at the film’s probability and ends at black’s; insertion ends at the film’s', async () => {
    const curves = await deletionInsertion(scorer, gray, randomMap(224), { target: 1, steps: 4 });
    const film = (await probabilityOf(gray))[1]!;
    const black = (await probabilityOf(new Float32Array(gray.length)))[1]!;
    expect(curves.deletion[0]).toBeCloseTo(film, 5);
    expect(curves.deletion[4]).toBeCloseTo(black, 5);
    expect(curves.insertion[4]).toBeCloseTo(film, 5);
    expect(curves.deletionAuc).toBeGreaterThanOrEqual(0);
  });

  test('sanity check randomises a copy (head, then blocks from the top) and leaves the page’s model alone', async () => {
    expect(randomisationSteps(model, 2).map((s) => s.label)).toEqual([
      'head',
      'conv_dw_13, conv_pw_13',
      'conv_dw_12, conv_pw_12',
    ]);
    const before = await probabilityOf(gray);
    const steps = await sanityCheck(
      model,
      { cam: async (s) => (await gradCam(s, gray, { target: 1, space: 'logodds' })).map },
      { blocks: 1 },
    );
    expect(steps.map((s) => s.label)).toEqual(['trained model', 'head', 'conv_dw_13, conv_pw_13']);
    expect(steps[0]!.correlations.cam).toBe(1);
    expect(steps[2]!.correlations.cam).toBeLessThan(0.99);
    expect(Array.from(await probabilityOf(gray))).toEqual(Array.from(before));
  });

  test('cancelling stops a map; tensors are back to baseline after 50 maps', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      occlusion(scorer, gray, { window: 20, stride: 10, fill: 'grey', target: 1, signal: controller.signal }),
    ).rejects.toBeInstanceOf(ExplainAbortedError);
    const partials: number[] = [];
    await occlusion(scorer, gray, {
      window: 56,
      stride: 28,
      fill: 'zero',
      target: 1,
      batch: 9,
      onProgress: (partial) => partials.push(partial.maps.logodds.values.filter(Number.isNaN).length),
    });
    expect(partials[0]).toBe(0); // the 3 × 3 coarse lattice already paints the whole scan
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      if (i % 2 === 0) await gradCam(scorer, gray, { target: i % 4 === 0 ? 0 : 1, space: 'probability' });
      else await occlusion(scorer, gray, { window: 112, stride: 56, fill: i % 4 === 1 ? 'blur' : 'mean', target: 1 });
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
