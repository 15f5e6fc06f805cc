/**
 * Node-only: scores a shipped head on the official TEST split, once, after every choice was made on validation.
 * Writes the test metrics into meta.json and per-image scores (ids and numbers, never pixels) beside it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metricSet } from '../lib/model/evaluation/evaluate';
import { binaryCorrect, pairedMcNemar } from '../lib/model/evaluation/paired';
import { Classifier } from '../lib/model/core/classifier';
import { parseHeadMeta, type HeadMeta, type MetricSet } from '../lib/model/core/meta';
import type { Tf } from '../lib/model/core/runtime';
import { taskInfo } from '../lib/model/core/tasks';
import { listDataset } from './dataset';
import { decodeImage } from './decode';
import { fileLoader } from './model-files';
import { backboneModelJson } from './paths';
import { startProgress } from './progress';
import { taskRecords, type LabelledRecord } from './task-data';

export interface TestScores {
  task: string;
  classes: string[];
  /** One row per readable test image: its relpath, true class index and the head's probabilities. */
  rows: { id: string; truth: number; probabilities: number[] }[];
}

export async function evaluateHead(
  tf: Tf,
  headDir: string,
  dataRoot: string,
  log: (line: string) => void,
  options: { backboneDir?: string; compare?: TestScores } = {},
): Promise<{ meta: HeadMeta; test: MetricSet }> {
  const meta = parseHeadMeta(JSON.parse(await readFile(join(headDir, 'meta.json'), 'utf8')));
  const task = taskInfo(meta.task);
  const listing = await listDataset(dataRoot, task.dataset);
  const { test } = taskRecords(listing, task);
  const classifier = await loadShippedClassifier(tf, meta, headDir, options.backboneDir);
  const rows = await scoreRecords(classifier, test, `${task.id} test`, log);
  classifier.dispose();
  const metrics = metricSet(
    task,
    rows.map((r) => r.probabilities),
    rows.map((r) => r.truth),
    meta.threshold.value,
  );
  log(`${task.id}: ${rows.length} of ${test.length} test images scored`);
  const scores: TestScores = { task: task.id, classes: [...task.classes], rows };
  await writeFile(join(headDir, 'test-scores.json'), `${JSON.stringify(scores)}\n`);
  meta.metrics.test = metrics;
  if (options.compare) await comparePaired(headDir, meta, scores, options.compare);
  await writeFile(join(headDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  return { meta, test: metrics };
}

/**
 * The shipped pipeline end to end (decode → preprocess → backbone, fine-tuned layers if any → head), so the scores
 * written are what the files give, whatever older code filled the training caches.
 */
export async function loadShippedClassifier(
  tf: Tf,
  meta: HeadMeta,
  headDir: string,
  backboneDir?: string,
): Promise<Classifier> {
  return Classifier.load(tf, meta, {
    backbone: fileLoader(backboneDir ? join(backboneDir, 'model.json') : backboneModelJson(meta.feature.backbone)),
    head: fileLoader(join(headDir, 'model.json')),
    finetuned: meta.finetunedBackbone ? fileLoader(join(headDir, meta.finetunedBackbone.path)) : undefined,
  });
}

/** Each readable record's probabilities (rounded to 1e-5, as committed); unreadable ones are logged and left out. */
export async function scoreRecords(
  classifier: Classifier,
  records: readonly LabelledRecord[],
  label: string,
  log: (line: string) => void,
): Promise<TestScores['rows']> {
  const rows: TestScores['rows'] = [];
  const progress = startProgress(label, records.length);
  for (const [i, record] of records.entries()) {
    try {
      const probabilities = await classifier.predict(await decodeImage(await readFile(record.path), record.relpath));
      rows.push({
        id: record.relpath,
        truth: record.classIndex,
        probabilities: Array.from(probabilities, (p) => Math.round(p * 1e5) / 1e5),
      });
    } catch (error) {
      log(`unreadable, left out: ${record.relpath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    progress.update(i + 1);
  }
  progress.stop();
  return rows;
}

/**
 * McNemar's test of this head's test decisions against the model it replaced (each called at its own threshold),
 * written into meta.previous; the previous model's scores are kept beside it so the test can be recomputed.
 */
async function comparePaired(headDir: string, meta: HeadMeta, scores: TestScores, previous: TestScores): Promise<void> {
  if (!meta.previous)
    throw new Error('--compare needs a head whose meta.json names the model it replaced (meta.previous).');
  if (previous.task !== scores.task) throw new Error(`--compare scores are for ${previous.task}, not ${scores.task}.`);
  const positive = meta.classes.indexOf(meta.positive[0] ?? '');
  if (meta.classes.length !== 2 || positive < 0) throw new Error('Paired McNemar comparison is for binary heads.');
  const previousThreshold = meta.previous.threshold ?? meta.threshold.value;
  meta.previous.mcnemar = pairedMcNemar(
    binaryCorrect(scores.rows, positive, meta.threshold.value),
    binaryCorrect(previous.rows, positive, previousThreshold),
  );
  await writeFile(join(headDir, 'previous-test-scores.json'), `${JSON.stringify(previous)}\n`);
}
