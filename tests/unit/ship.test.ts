/**
 * Shipping a fine-tuned model on disk, in temporary folders: the frozen head is archived on the first ship and
 * never overwritten by a fine-tuned one after; a candidate replaces the shipped folder whole (a head-only one
 * leaves no backbone folder); without an archive, a shipped fine-tuned head is never replaced.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { buildHead } from '../../src/lib/model/core/head';
import { HEAD_FORMAT, type HeadMeta } from '../../src/lib/model/core/meta';
import type { Tf } from '../../src/lib/model/core/runtime';
import { finetunedMeta, saveTunedModel, type FinetunedRecord } from '../../src/node/finetune-candidate';
import type { FinetuneOutcome } from '../../src/node/finetune-task';
import { nodeRuntime } from '../../src/node/runtime';
import {
  ShipError,
  archiveFrozenHead,
  readFrozenHead,
  restoreFrozenHead,
  shipCandidate,
  shipPaths,
  type ShipPaths,
} from '../../src/node/ship';

function meta(name: string, finetuned: boolean): HeadMeta {
  return {
    format: HEAD_FORMAT,
    classes: ['NORMAL', 'PNEUMONIA'],
    feature: { backbone: 'mobilenet_v1_0.25_224', layer: 'conv_pw_13_relu' },
    input: { size: 224 },
    selection: { rule: 'frozen rule.', chosen: name, candidates: [{ name, validationLoss: 0.3 }] },
    ...(finetuned ? { finetuning: { frozenLayer: 'conv_pw_11_relu' } } : {}),
  } as unknown as HeadMeta;
}

/** A head folder: meta.json, a model.json naming it, and a backbone folder when `backbone`. */
async function headFolder(dir: string, name: string, finetuned: boolean, backbone: boolean): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'meta.json'), JSON.stringify(meta(name, finetuned)));
  await writeFile(join(dir, 'model.json'), name);
  if (backbone) {
    await mkdir(join(dir, 'backbone'), { recursive: true });
    await writeFile(join(dir, 'backbone', 'model.json'), `${name} layers`);
  }
  return dir;
}

const modelOf = (dir: string) => readFile(join(dir, 'model.json'), 'utf8');

let root: string;
let paths: ShipPaths;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ship-'));
  paths = shipPaths(join(root, 'heads'), join(root, 'cache'), 'cxr');
});

describe('shipping a fine-tuned head', () => {
  test('the layout is <heads>/<task> and <cache>/frozen-heads/<task>', () => {
    expect(paths).toEqual({
      headDir: join(root, 'heads', 'cxr'),
      archiveDir: join(root, 'cache', 'frozen-heads', 'cxr'),
    });
  });

  test('the first ship archives the frozen head, then replaces it with the candidate', async () => {
    await headFolder(paths.headDir, 'frozen', false, false);
    const tuned = await headFolder(join(root, 'runs', 'a'), 'tuned-a', true, true);
    await shipCandidate(paths, tuned);
    expect(await modelOf(paths.archiveDir)).toBe('frozen');
    expect(await modelOf(paths.headDir)).toBe('tuned-a');
    expect(existsSync(join(paths.headDir, 'backbone', 'model.json'))).toBe(true);
    const { frozen, frozenDir, shipped } = await readFrozenHead(paths);
    expect(frozenDir).toBe(paths.archiveDir);
    expect(frozen.selection.chosen).toBe('frozen');
    expect(shipped.selection.chosen).toBe('tuned-a');
  });

  test('a second ship keeps the archived frozen head, not the fine-tuned one it replaces', async () => {
    await headFolder(paths.headDir, 'frozen', false, false);
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'a'), 'tuned-a', true, true));
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'b'), 'tuned-b', true, true));
    expect(await modelOf(paths.archiveDir)).toBe('frozen');
    expect((await readFrozenHead(paths)).frozen.finetuning).toBeUndefined();
    expect(await modelOf(paths.headDir)).toBe('tuned-b');
  });

  test('a head-only candidate ships no backbone folder, even over a head that had one', async () => {
    await headFolder(paths.headDir, 'frozen', false, false);
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'a'), 'tuned-a', true, true));
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'head-only'), 'head-only', true, false));
    expect(await modelOf(paths.headDir)).toBe('head-only');
    expect(existsSync(join(paths.headDir, 'backbone'))).toBe(false);
  });

  test('refuses to replace a shipped fine-tuned head when no frozen head is archived', async () => {
    await headFolder(paths.headDir, 'tuned-a', true, true);
    const candidate = await headFolder(join(root, 'runs', 'b'), 'tuned-b', true, false);
    await expect(shipCandidate(paths, candidate)).rejects.toThrow(ShipError);
    await expect(archiveFrozenHead(paths)).rejects.toThrow(/no frozen head is archived/);
    await expect(readFrozenHead(paths)).rejects.toThrow(ShipError);
    expect(await modelOf(paths.headDir)).toBe('tuned-a');
    expect(existsSync(paths.archiveDir)).toBe(false);
  });

  test('a retrained frozen head replaces the older archive on the next ship', async () => {
    await headFolder(paths.headDir, 'frozen-1', false, false);
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'a'), 'tuned-a', true, false));
    // npm run train ships a new frozen head over the fine-tuned one.
    await headFolder(paths.headDir, 'frozen-2', false, false);
    expect(await archiveFrozenHead(paths)).toBe(true);
    expect(await modelOf(paths.archiveDir)).toBe('frozen-2');
  });

  test('keeping the frozen head restores it from the archive, and is a no-op while it ships', async () => {
    await headFolder(paths.headDir, 'frozen', false, false);
    await restoreFrozenHead(paths);
    expect(await modelOf(paths.headDir)).toBe('frozen');
    expect(existsSync(paths.archiveDir)).toBe(false);
    await shipCandidate(paths, await headFolder(join(root, 'runs', 'a'), 'tuned-a', true, true));
    await restoreFrozenHead(paths);
    expect(await modelOf(paths.headDir)).toBe('frozen');
    expect(existsSync(join(paths.headDir, 'backbone'))).toBe(false);
    expect(await modelOf(paths.archiveDir)).toBe('frozen');
  });
});

describe('writing a fine-tuned candidate', () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = (await nodeRuntime()).tf;
  });

  /** An upper part: an input map, then `layers` applied in a chain. */
  function upper(layers: tfc.layers.Layer[]): tfc.LayersModel {
    const input = tf.input({ shape: [4, 4, 3], name: 'map' });
    let x: tfc.SymbolicTensor = input;
    for (const layer of layers) x = layer.apply(x) as tfc.SymbolicTensor;
    return tf.model({ inputs: input, outputs: x });
  }
  const head = () => buildHead(tf, [3], 2, { kind: 'linear', hidden: 0, dropout: 0, l2: 0 }, 1);

  test('a head-only run (no backbone layer has weights) saves no backbone folder', async () => {
    const dir = join(root, 'head-only');
    const layers = await saveTunedModel(tf, dir, head(), upper([tf.layers.reLU({ name: 'last_relu' })]));
    expect(layers).toEqual([]);
    expect(existsSync(join(dir, 'model.json'))).toBe(true);
    expect(existsSync(join(dir, 'backbone'))).toBe(false);
  });

  test('a run that trained a backbone layer saves exactly it', async () => {
    const dir = join(root, 'tuned');
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'conv_pw_13' });
    const layers = await saveTunedModel(tf, dir, head(), upper([conv, tf.layers.reLU({ name: 'relu' })]));
    expect(layers).toEqual(['conv_pw_13']);
    expect(existsSync(join(dir, 'backbone', 'model.json'))).toBe(true);
  });

  test('meta.json adds the fine-tuned candidate to the frozen selection, with no backbone for a head-only run', () => {
    const frozen = meta('v1-pw13-linear', false);
    const outcome = {
      state: { epoch: 4, best: { loss: 0.28, epoch: 3 }, history: [{ seconds: 5 }, { seconds: 6 }] },
      head: { countParams: () => 514 },
      validation: { accuracy: { value: 0.9 } },
      unreadable: [],
      wholeBackbone: false,
    } as unknown as FinetuneOutcome;
    const record: FinetunedRecord = {
      frozen: {
        ...frozen,
        training: {},
        data: { unreadable: [] },
        metrics: { validation: {}, test: null },
      } as unknown as HeadMeta,
      start: frozen.selection.candidates[0]!,
      outcome,
      recipe: {
        frozenLayer: 'conv_pw_13_relu',
        variants: 3,
        seed: 7,
        augment: { brightness: 0, contrast: 0, gamma: 0, equalise: 0, rotate: 0, zoom: 0 },
        params: { epochs: 12, batchSize: 32, headLearningRate: 1e-3, backboneLearningRate: 1e-4, patience: 3 },
        maxValidationLossIncrease: 0.01,
      },
    };
    const written = finetunedMeta(record, []);
    expect(written.finetunedBackbone).toBeNull();
    expect(written.selection.chosen).toBe('v1-pw13-linear+finetune-conv_pw_13_relu');
    expect(written.selection.rule).toMatch(/by more than 0\.01\.$/);
    expect(written.selection.candidates.at(-1)).toMatchObject({ validationLoss: 0.28, bestEpoch: 3, trainSeconds: 11 });
    expect(written.finetuning).toMatchObject({ frozenLayer: 'conv_pw_13_relu', epochsRun: 4, bestEpoch: 3 });
    expect(written.finetuning).not.toHaveProperty('trainableFrom');
    expect(written.baseline?.name).toBe('v1-pw13-linear');
  });
});
