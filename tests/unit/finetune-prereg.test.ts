/**
 * The pre-registered fine-tuning path on a tiny official-layout dataset made of real films: it trains the whole
 * backbone from streamed, augmented pixels, never opens a test-split file, checkpoints the optimiser with the
 * weights, and a rerun resumes after the last finished epoch.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { taskInfo } from '../../src/lib/model/core/tasks';
import type { Tf } from '../../src/lib/model/core/runtime';
import { listDataset } from '../../src/node/dataset';
import { finetuneTask } from '../../src/node/finetune-task';
import { SHARED_DATA, backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { taskRecords } from '../../src/node/task-data';
import { missing } from './needs-files';

const BACKBONE = 'mobilenet_v1_0.25_224';
const what = 'pre-registered whole-backbone fine-tuning';
const ready = !missing(SHARED_DATA, what) && !missing(backboneModelJson(BACKBONE), what);
let tf: Tf;
beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
});

/** chest_xray/{train,test}/{NORMAL,PNEUMONIA}/ with `perClass` real films each, as the official download lays them out. */
async function tinyOfficialDataset(perClass: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'prereg-'));
  const { train, test } = taskRecords(await listDataset(SHARED_DATA, 'cxr'), taskInfo('cxr'));
  for (const [split, records] of [
    ['train', train],
    ['test', test],
  ] as const) {
    for (const name of ['NORMAL', 'PNEUMONIA']) {
      const picked = records.filter((r) => r.label === name).slice(0, perClass);
      await mkdir(join(root, 'chest_xray', split, name), { recursive: true });
      for (const r of picked)
        await copyFile(r.path, join(root, 'chest_xray', split, name, r.relpath.split('/').pop() as string));
    }
  }
  return root;
}

describe.skipIf(!ready)('pre-registered whole-backbone fine-tuning', () => {
  test('never opens a test file, checkpoints Adam, resumes', async () => {
    const root = await tinyOfficialDataset(5);
    const opened: string[] = [];
    const read = (path: string) => {
      opened.push(path);
      return readFile(path);
    };
    const runDir = join(root, 'run');
    const options = (epochs: number) => ({
      task: taskInfo('cxr'),
      dataRoot: root,
      backbone: BACKBONE,
      frozenLayer: 'input_1',
      cutLayer: 'conv_pw_13_relu',
      variants: 2,
      augment: {
        brightness: 0.1,
        contrast: 0.2,
        gamma: 0.3,
        equalise: 0.3,
        rotate: 5,
        zoom: 0.1,
        blur: 1,
        noise: 0.03,
      },
      params: {
        epochs,
        batchSize: 4,
        headLearningRate: 1e-3,
        backboneLearningRate: 1e-4,
        patience: epochs,
        schedule: 'cosine' as const,
        warmupEpochs: 1,
        labelSmoothing: 0.1,
        keep: 'last' as const,
      },
      seed: 3,
      splitSeed: 7,
      validationFraction: 0.3,
      runDir,
      initialHead: null,
      read,
      log: () => {},
    });
    // Two epochs in one run: the checkpoint after epoch 1 must leave the optimiser usable for epoch 2.
    const first = await finetuneTask(tf, options(2));
    expect(first.state.epoch).toBe(2);
    first.dispose();
    expect(existsSync(join(runDir, 'optimisers.bin'))).toBe(true);
    const second = await finetuneTask(tf, options(3));
    // Resumed: epochs 1 and 2 came from the checkpoint, only epoch 3 ran.
    expect(second.state.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(second.state.history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);
    second.dispose();
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.filter((p) => p.includes('/test/'))).toEqual([]);
  }, 240_000);
});
