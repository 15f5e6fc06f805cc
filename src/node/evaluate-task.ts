/**
 * Node-only: scores a shipped head on the official TEST split, once, after every choice was made on validation.
 * Writes the test metrics into meta.json and per-image scores (ids and numbers, never pixels) beside it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricSet } from '../lib/model/evaluate';
import { predictFeatures } from '../lib/model/head';
import { parseHeadMeta, type HeadMeta, type MetricSet } from '../lib/model/meta';
import type { Tf } from '../lib/model/runtime';
import { taskInfo } from '../lib/model/tasks';
import { listDataset } from './dataset';
import { featuresFor } from './feature-store';
import { fileLoader } from './model-files';
import { taskRecords } from './task-data';

export interface TestScores {
  task: string;
  classes: string[];
  /** One row per readable test image: its relpath, true class index and the head's probabilities. */
  rows: { id: string; truth: number; probabilities: number[] }[];
}

export async function evaluateHead(
  tf: Tf, headDir: string, dataRoot: string, log: (line: string) => void, options: { cacheRoot?: string } = {},
): Promise<{ meta: HeadMeta; test: MetricSet }> {
  const meta = parseHeadMeta(JSON.parse(await readFile(join(headDir, 'meta.json'), 'utf8')));
  const task = taskInfo(meta.task);
  const listing = await listDataset(dataRoot, task.dataset);
  const { test } = taskRecords(listing, task);
  const classIndex = new Map(test.map((r) => [r.relpath, r.classIndex]));
  // Test embeddings are computed afresh from the pixels (in a throw-away cache unless one is given), so the scores
  // written here are what the shipped files give today, whatever older code filled the training cache.
  const scratch = options.cacheRoot ?? await mkdtemp(join(tmpdir(), 'lightbox-eval-'));
  const table = await featuresFor(tf, meta.feature, test, { cacheRoot: scratch }).finally(async () => {
    if (!options.cacheRoot) await rm(scratch, { recursive: true, force: true });
  });
  for (const failure of table.report.failed) log(`unreadable, left out: ${failure.relpath}: ${failure.reason}`);
  const head = await tf.loadLayersModel(fileLoader(join(headDir, 'model.json')));
  const probabilities = await predictFeatures(tf, head, table.rows.map((r) => r.vector), table.shape);
  head.dispose();
  const truth = table.rows.map((r) => classIndex.get(r.record.relpath) ?? -1);
  const metrics = metricSet(task, probabilities, truth, meta.threshold.value);
  log(`${task.id}: ${table.rows.length} of ${test.length} test images scored`);
  const scores: TestScores = {
    task: task.id, classes: [...task.classes],
    rows: table.rows.map((row, i) => ({
      id: row.record.relpath, truth: truth[i] ?? -1,
      probabilities: Array.from(probabilities[i] ?? [], (p) => Math.round(p * 1e5) / 1e5),
    })),
  };
  await writeFile(join(headDir, 'test-scores.json'), `${JSON.stringify(scores)}\n`);
  meta.metrics.test = metrics;
  await writeFile(join(headDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  return { meta, test: metrics };
}
