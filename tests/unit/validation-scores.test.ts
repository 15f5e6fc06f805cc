/**
 * The committed validation scores: exported from the patient split meta.json records, they must give back the
 * validation metrics recorded at training (same split, same pipeline), share no image with the test scores, and the
 * setup copy of the test split must hold a file for every test score.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import { taskInfo, TASKS } from '../../src/lib/model/core/tasks';
import { metricSet } from '../../src/lib/model/evaluation/evaluate';
import { parseTestSplitManifest, TEST_SPLIT_DIR } from '../../src/lib/test-split';
import { PROJECT_ROOT } from '../../src/node/paths';
import { recordedSplit } from '../../src/node/validation-scores';
import { missing } from './needs-files';

interface Scores {
  task: string;
  rows: { id: string; truth: number; probabilities: number[] }[];
}
const heads = join(PROJECT_ROOT, 'public/weights/heads');
const read = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe.each(Object.keys(TASKS))('validation-scores.json of %s', (task) => {
  const meta = parseHeadMeta(read(join(heads, task, 'meta.json')));
  const validation = read<Scores>(join(heads, task, 'validation-scores.json'));
  const testScores = read<Scores>(join(heads, task, 'test-scores.json'));

  test('recomputes the validation metrics meta.json recorded at training', () => {
    const m = metricSet(
      taskInfo(meta.task),
      validation.rows.map((r) => r.probabilities),
      validation.rows.map((r) => r.truth),
      meta.threshold.value,
    );
    expect(m.n).toBe(meta.metrics.validation.n);
    expect(m.confusion).toEqual(meta.metrics.validation.confusion);
    expect(m.auc?.value ?? m.urgentAuc?.value).toBeCloseTo(
      meta.metrics.validation.auc?.value ?? meta.metrics.validation.urgentAuc?.value ?? Number.NaN,
      3,
    );
  });

  test('comes from the train folder only: no test image, no image twice', () => {
    const ids = validation.rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.includes('/train/'))).toBe(true);
    const test = new Set(testScores.rows.map((r) => r.id));
    expect(ids.filter((id) => test.has(id))).toEqual([]);
  });

  test('the split is the one meta.json records, with the training seed', () => {
    const split = recordedSplit(meta);
    expect(split.seed).toBe(meta.training.seed);
    expect(split.fraction).toBeGreaterThan(0);
    expect(split.fraction).toBeLessThan(1);
  });
});

test('recordedSplit refuses a rule it cannot repeat', () => {
  const meta = parseHeadMeta(read(join(heads, 'cxr', 'meta.json')));
  meta.data.validationRule = 'a tenth of the files, by hand';
  expect(() => recordedSplit(meta)).toThrow(/not one this tool can repeat/);
});

const manifestPath = join(PROJECT_ROOT, 'public/samples', TEST_SPLIT_DIR, 'manifest.json');
describe.skipIf(missing(manifestPath, 'the test-split copy check'))('setup copy of the test split', () => {
  test('every per-image test score of every head has its scan', () => {
    const keys = new Set(parseTestSplitManifest(read(manifestPath)).scans.map((s) => s.key));
    for (const task of Object.keys(TASKS)) {
      const rows = read<Scores>(join(heads, task, 'test-scores.json')).rows;
      expect(rows.filter((r) => !keys.has(r.id)).map((r) => r.id)).toEqual([]);
    }
  });
});
