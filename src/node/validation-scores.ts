/**
 * Node-only: scores a shipped head on its VALIDATION patients (held out from the train folder by the same split as
 * meta.json records) and writes `validation-scores.json` beside `test-scores.json`. The test split is listed by the
 * dataset reader but never opened here. Operating points and temperature scaling are fitted on these scores.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metricSet } from '../lib/model/evaluation/evaluate';
import { parseHeadMeta, type HeadMeta, type MetricSet } from '../lib/model/core/meta';
import type { Tf } from '../lib/model/core/runtime';
import { taskInfo } from '../lib/model/core/tasks';
import { splitByPatient } from '../lib/model/training/split';
import { listDataset } from './dataset';
import { loadShippedClassifier, scoreRecords, type TestScores } from './evaluate-task';
import { taskRecords } from './task-data';

/** The patient split meta.json records ("15 % of the TRAIN folder's patients per class (seed 7), …"). */
export function recordedSplit(meta: HeadMeta): { fraction: number; seed: number } {
  const match = /(\d+(?:\.\d+)?) % of the TRAIN folder's patients per class \(seed (\d+)\)/.exec(
    meta.data.validationRule,
  );
  if (!match)
    throw new Error(`meta.json's validation rule is not one this tool can repeat: "${meta.data.validationRule}".`);
  return { fraction: Number(match[1]) / 100, seed: Number(match[2]) };
}

export async function exportValidationScores(
  tf: Tf,
  headDir: string,
  dataRoot: string,
  log: (line: string) => void,
): Promise<{ meta: HeadMeta; validation: MetricSet; scores: TestScores }> {
  const meta = parseHeadMeta(JSON.parse(await readFile(join(headDir, 'meta.json'), 'utf8')));
  const task = taskInfo(meta.task);
  const { train: pool } = taskRecords(await listDataset(dataRoot, task.dataset), task);
  const { fraction, seed } = recordedSplit(meta);
  const { validation } = splitByPatient(
    pool.map((r) => ({ ...r, label: task.classes[r.classIndex] ?? '' })),
    fraction,
    seed,
  );
  const expected = Object.values(meta.data.counts.validation).reduce((a, b) => a + b, 0);
  const readable = validation.filter((r) => !meta.data.unreadable.includes(r.relpath));
  if (readable.length !== expected) {
    throw new Error(
      `${task.id}: the split gives ${readable.length} validation images, meta.json records ${expected}: ` +
        'is this the data the head was trained on?',
    );
  }
  const classifier = await loadShippedClassifier(tf, meta, headDir);
  const rows = await scoreRecords(classifier, readable, `${task.id} validation`, log);
  classifier.dispose();
  const scores: TestScores = { task: task.id, classes: [...task.classes], rows };
  await writeFile(join(headDir, 'validation-scores.json'), `${JSON.stringify(scores)}\n`);
  const metrics = metricSet(
    task,
    rows.map((r) => r.probabilities),
    rows.map((r) => r.truth),
    meta.threshold.value,
  );
  return { meta, validation: metrics, scores };
}
