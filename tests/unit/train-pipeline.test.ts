import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseHeadMeta, type HeadMeta } from '../../src/lib/model/core/meta';
import { featureKey } from '../../src/lib/model/core/features';
import type { Tf } from '../../src/lib/model/core/runtime';
import { TASKS, patientIdFromName } from '../../src/lib/model/core/tasks';
import { candidateNamed } from '../../src/node/candidates';
import { listDataset } from '../../src/node/dataset';
import { decodeImage } from '../../src/node/decode';
import { evaluateHead, type TestScores } from '../../src/node/evaluate-task';
import { featuresFor } from '../../src/node/feature-store';
import { SHARED_DATA } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { taskRecords } from '../../src/node/task-data';
import { loadHeadFromDir, trainTask, type TrainTaskOptions } from '../../src/node/train-task';
import { missing } from './needs-files';

// Count decodes: an embedding that comes from the cache never decodes its image.
vi.mock('../../src/node/decode', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/node/decode')>();
  return { ...original, decodeImage: vi.fn(original.decodeImage) };
});
const decodes = vi.mocked(decodeImage);

const SOURCE = join(SHARED_DATA, 'oct');
const noSource = missing(SOURCE, 'trainTask and evaluateHead on a tiny OCT tree');
const CLASSES = ['CNV', 'DME', 'DRUSEN', 'NORMAL'];
const TRAIN_PER_CLASS = 6;
const TEST_PER_CLASS = 3;
const CANDIDATE = candidateNamed('v1-pw13-linear');

let tf: Tf;
let tmp: string;
let options: TrainTaskOptions;
let lines: string[];
const copied: Record<'train' | 'test', Record<string, string[]>> = { train: {}, test: {} };

beforeAll(async () => {
  tf = (await nodeRuntime()).tf;
  if (noSource) return;
  tmp = await mkdtemp(join(tmpdir(), 'lightbox-pipeline-'));
  for (const [split, count] of [
    ['train', TRAIN_PER_CLASS],
    ['test', TEST_PER_CLASS],
  ] as const) {
    for (const name of CLASSES) {
      const files = (await readdir(join(SOURCE, split, name)))
        .filter((f) => f.endsWith('.jpeg'))
        .sort()
        .slice(0, count);
      await mkdir(join(tmp, 'data/OCT2017', split, name), { recursive: true });
      for (const file of files)
        await copyFile(join(SOURCE, split, name, file), join(tmp, 'data/OCT2017', split, name, file));
      copied[split][name] = files;
    }
  }
  lines = [];
  options = {
    task: TASKS.oct,
    dataRoot: join(tmp, 'data'),
    candidates: [CANDIDATE],
    outDir: join(tmp, 'out/oct'),
    runDir: join(tmp, 'runs/oct'),
    cacheRoot: join(tmp, 'cache'),
    seed: 5,
    validationFraction: 0.34,
    params: { epochs: 5, batchSize: 8 },
    commit: 'test',
    log: (line) => lines.push(line),
  };
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(noSource)('trainTask and evaluateHead on a tiny official-layout OCT tree', () => {
  let meta: HeadMeta;

  test('first run: trains the one candidate, writes the head and its meta.json', async () => {
    decodes.mockClear();
    meta = await trainTask(tf, options);
    const trainImages = CLASSES.length * TRAIN_PER_CLASS;
    expect(decodes).toHaveBeenCalledTimes(trainImages); // train + validation embedded once, test untouched
    for (const file of ['model.json', 'weights.bin', 'meta.json'])
      expect(existsSync(join(options.outDir, file))).toBe(true);
    const onDisk = parseHeadMeta(JSON.parse(await readFile(join(options.outDir, 'meta.json'), 'utf8')));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(meta)));
    expect(meta).toMatchObject({
      task: 'oct',
      classes: CLASSES,
      positive: ['CNV', 'DME'],
      feature: CANDIDATE.feature,
      head: CANDIDATE.head,
      input: { size: 224, scale: 1 / 127.5, offset: -1 },
      commit: 'test',
      finetunedBackbone: null,
      training: { epochs: 5, batchSize: 8, seed: 5 },
      selection: { chosen: 'v1-pw13-linear' },
    });
    expect(meta.data.layout).toBe('official');
    expect(meta.selection.candidates).toHaveLength(1);
    expect(meta.training.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(meta.training.bestEpoch).toBeLessThanOrEqual(5);
    expect(lines.some((l) => l.startsWith('chosen by validation: v1-pw13-linear'))).toBe(true);
  });

  test('meta counts match the tree; test counted but not scored', () => {
    const { counts, patients } = meta.data;
    for (const name of CLASSES) {
      expect((counts.train[name] ?? 0) + (counts.validation[name] ?? 0)).toBe(TRAIN_PER_CLASS);
      expect(counts.validation[name]).toBeGreaterThan(0);
      expect(counts.train[name]).toBeGreaterThan(0);
      expect(counts.test[name]).toBe(TEST_PER_CLASS);
    }
    const trainPatients = new Set(CLASSES.flatMap((c) => copied.train[c] ?? []).map(patientIdFromName));
    const testPatients = new Set(CLASSES.flatMap((c) => copied.test[c] ?? []).map(patientIdFromName));
    expect(patients.train + patients.validation).toBe(trainPatients.size);
    expect(patients.test).toBe(testPatients.size);
    expect(meta.data.skipped).toBe(0);
    expect(meta.data.unreadable).toEqual([]);
    const validationN = CLASSES.reduce((s, c) => s + (counts.validation[c] ?? 0), 0);
    expect(meta.metrics.validation.n).toBe(validationN);
    expect(meta.metrics.validation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(validationN);
    expect(meta.metrics.validation.weightedError).toBeGreaterThanOrEqual(0);
    expect(meta.metrics.test).toBeNull();
  });

  test('the saved head loads and maps a 256-d feature to 4 probabilities', async () => {
    const head = await loadHeadFromDir(tf, options.outDir);
    expect(head.inputs[0]?.shape).toEqual([null, 256]);
    expect(head.outputs[0]?.shape).toEqual([null, 4]);
    head.dispose();
  });

  test('the embedding cache under cacheRoot holds the training images; nothing is recomputed', async () => {
    const spaceDir = join(options.cacheRoot ?? '', featureKey(CANDIDATE.feature));
    const index = (await readFile(join(spaceDir, 'index.tsv'), 'utf8')).trim().split('\n');
    expect(index).toHaveLength(CLASSES.length * TRAIN_PER_CLASS);
    const { train } = taskRecords(await listDataset(options.dataRoot, 'oct'), TASKS.oct);
    decodes.mockClear();
    const table = await featuresFor(tf, CANDIDATE.feature, train, { cacheRoot: options.cacheRoot });
    expect(table.report.computed).toBe(0);
    expect(table.report.reused).toBe(train.length);
    expect(table.rows).toHaveLength(train.length);
    expect(table.shape).toEqual([256]);
    expect(decodes).not.toHaveBeenCalled();
  });

  test('second run: the candidate is reused ("already trained"), nothing embedded', async () => {
    lines.length = 0;
    decodes.mockClear();
    const again = await trainTask(tf, options);
    expect(lines.some((l) => l.includes('v1-pw13-linear: already trained in'))).toBe(true);
    expect(decodes).not.toHaveBeenCalled();
    expect(again.selection.candidates).toEqual(meta.selection.candidates);
    expect(again.data.counts).toEqual(meta.data.counts);
  });

  test('a fresh run folder retrains from the embedding cache (no decoding) to the same result', async () => {
    decodes.mockClear();
    const fresh = await trainTask(tf, {
      ...options,
      runDir: join(tmp, 'runs/oct-again'),
      outDir: join(tmp, 'out/oct-again'),
    });
    expect(decodes).not.toHaveBeenCalled();
    const [a] = meta.selection.candidates;
    const [b] = fresh.selection.candidates;
    expect(b?.validationLoss).toBe(a?.validationLoss);
    expect(b?.bestEpoch).toBe(a?.bestEpoch);
    expect(b?.validation).toEqual(a?.validation);
  });

  test('evaluateHead scores the test split once: test-scores.json and test metrics in meta.json', async () => {
    decodes.mockClear();
    const logged: string[] = [];
    const { meta: evaluated, test } = await evaluateHead(tf, options.outDir, options.dataRoot, (l) => logged.push(l));
    const testImages = CLASSES.length * TEST_PER_CLASS;
    expect(decodes).toHaveBeenCalledTimes(testImages);
    expect(logged).toContain(`oct: ${testImages} of ${testImages} test images scored`);
    const scores = JSON.parse(await readFile(join(options.outDir, 'test-scores.json'), 'utf8')) as TestScores;
    expect(scores.task).toBe('oct');
    expect(scores.classes).toEqual(CLASSES);
    expect(scores.rows).toHaveLength(testImages);
    const expectedIds = CLASSES.flatMap((c) => (copied.test[c] ?? []).map((f) => `test/${c}/${f}`)).sort();
    expect(scores.rows.map((r) => r.id).sort()).toEqual(expectedIds);
    for (const row of scores.rows) {
      expect(row.truth).toBe(CLASSES.indexOf(row.id.split('/')[1] ?? ''));
      expect(row.probabilities).toHaveLength(4);
      expect(row.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    }
    expect(test.n).toBe(testImages);
    expect(test.confusion.map((r) => r.reduce((a, b) => a + b, 0))).toEqual(CLASSES.map(() => TEST_PER_CLASS));
    expect(test.urgentAuc?.value).toBeGreaterThanOrEqual(0);
    expect(evaluated.metrics.test).toEqual(test);
    const onDisk = parseHeadMeta(JSON.parse(await readFile(join(options.outDir, 'meta.json'), 'utf8')));
    expect(onDisk.metrics.test).toEqual(JSON.parse(JSON.stringify(test)));
    expect(onDisk.metrics.validation).toEqual(meta.metrics.validation);
    // Evaluation runs the shipped pipeline from the pixels every time (no cache): a second run decodes every test
    // image again and gives the same numbers.
    decodes.mockClear();
    const second = await evaluateHead(tf, options.outDir, options.dataRoot, () => undefined);
    expect(decodes).toHaveBeenCalledTimes(testImages);
    expect(second.test).toEqual(test);
  });
});
