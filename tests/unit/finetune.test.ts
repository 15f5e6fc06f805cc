/**
 * Fine-tuning on the real MobileNet v1: the upper part shares the backbone's layers; with --train-from only the
 * chosen layers train (BatchNorm and earlier layers stay as ImageNet left them); what ships holds only the trained
 * layers, and Classifier's by-name loading puts exactly those back into a fresh backbone.
 */
import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { findLayer, loadBackbone } from '../../src/lib/model/core/backbone';
import { applyFinetunedWeights } from '../../src/lib/model/core/classifier';
import { buildHead } from '../../src/lib/model/core/head';
import { finetune, trainedLayersModel, upperModel, type MapSource } from '../../src/lib/model/training/finetune';
import { createRng } from '../../src/lib/model/core/rng';
import type { Tf } from '../../src/lib/model/core/runtime';
import { fileLoader } from '../../src/node/model-files';
import { backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const BACKBONE = 'mobilenet_v1_0.25_224';
const noBackbone = missing(backboneModelJson(BACKBONE), 'fine-tuning the top of MobileNet v1');
let tf: Tf;
beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

const weightsOf = (model: tfc.LayersModel, name: string) =>
  findLayer(model, name)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

function randomMaps(count: number, shape: number[], seed: number): MapSource {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const maps = Array.from({ length: count }, () => Float32Array.from({ length: size }, () => rng() * 2));
  return { count, shape, labels: maps.map((_, i) => i % 2), map: (i) => maps[i] as Float32Array };
}

describe.skipIf(noBackbone)('fine-tuning the top of MobileNet v1', () => {
  test('--train-from trains only its layers; the shipped files hold exactly those and load back by name', async () => {
    const backbone = await loadBackbone(tf, fileLoader(backboneModelJson(BACKBONE)));
    const before = {
      pw12: weightsOf(backbone, 'conv_pw_12'),
      pw13: weightsOf(backbone, 'conv_pw_13'),
      bn13: weightsOf(backbone, 'conv_pw_13_bn'),
    };
    const upper = upperModel(tf, backbone, 'conv_pw_11_relu', 'conv_pw_13_relu', 'conv_dw_13');
    expect(upper.trainableWeights.map((w) => w.originalName.split('/')[0])).toEqual(['conv_dw_13', 'conv_pw_13']);
    const head = buildHead(tf, [256], 2, { kind: 'linear', hidden: 0, dropout: 0, l2: 0 }, 1);
    const shape = (upper.inputs[0]?.shape ?? []).slice(1) as number[];
    const state = await finetune(tf, {
      upper,
      head,
      train: randomMaps(8, shape, 1),
      validation: randomMaps(4, shape, 2),
      classes: 2,
      classWeights: [1, 1],
      params: { epochs: 1, batchSize: 4, headLearningRate: 1e-2, backboneLearningRate: 1e-2, patience: 1 },
      order: (_, n) => Array.from({ length: n }, (__, i) => i),
      onEpoch: async () => {},
    });
    expect(state.epoch).toBe(1);
    expect(weightsOf(backbone, 'conv_pw_12')).toEqual(before.pw12);
    expect(weightsOf(backbone, 'conv_pw_13_bn')).toEqual(before.bn13);
    expect(weightsOf(backbone, 'conv_pw_13')).not.toEqual(before.pw13);

    const shipped = trainedLayersModel(tf, upper, 'conv_dw_13')!;
    expect(shipped.layers.filter((l) => l.getWeights().length > 0).map((l) => l.name)).toEqual([
      'conv_dw_13',
      'conv_pw_13',
    ]);
    let artifacts: tfc.io.ModelArtifacts | null = null;
    await shipped.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const fresh = await loadBackbone(tf, fileLoader(backboneModelJson(BACKBONE)));
    expect(applyFinetunedWeights(fresh, loaded)).toEqual(['conv_dw_13', 'conv_pw_13']);
    expect(weightsOf(fresh, 'conv_pw_13')).toEqual(weightsOf(backbone, 'conv_pw_13'));
    expect(weightsOf(fresh, 'conv_pw_12')).toEqual(before.pw12);
    // Only a weightless layer trainable: nothing of the backbone ships.
    expect(trainedLayersModel(tf, upper, 'conv_pw_13_relu')).toBeNull();
    [loaded, fresh, head, backbone].forEach((m) => m.dispose());
  }, 60_000);
});
