/**
 * Every figure the judging chapter quotes, computed at build time from the shipped heads' meta.json and score files
 * (never typed into the prose): validation-vs-test gaps, McNemar against the previous model, the honest operating
 * point, calibration before and after temperature scaling, the OCT weighted error.
 */
import type { HeadMeta } from './model/core/meta';
import type { TaskId } from './model/core/tasks';
import { temperatureScaled } from './model/evaluation/calibration';
import type { Estimate } from './model/evaluation/metrics';
import { parseScoreFile, type ScoreFile } from './model/evaluation/scores';
import { summariseCurve, type LimitedPoint } from './model/training/limited-data';
import { shippedHeads } from './model-card';
import { operatingPoints } from './operating-points';

const files = import.meta.glob<{ default: unknown }>('/public/weights/heads/*/*-scores.json', { eager: true });

function scores(task: TaskId, which: string): ScoreFile {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/heads/${task}/${which}-scores.json`));
  if (!entry) throw new Error(`public/weights/heads/${task}/${which}-scores.json is missing.`);
  return parseScoreFile(entry[1].default, `${task} ${which}-score file`);
}

/** "86.9 % (84.0–89.3)" */
export const pc = (e: Estimate | undefined): string =>
  e ? `${(e.value * 100).toFixed(1)} % (${(e.low * 100).toFixed(1)}–${(e.high * 100).toFixed(1)})` : '—';
export const pct = (x: number | undefined, digits = 1): string =>
  x === undefined ? '—' : `${(x * 100).toFixed(digits)} %`;

function headFigures(meta: HeadMeta) {
  const test = scores(meta.task, 'test');
  const validation = scores(meta.task, 'validation');
  const split = (f: ScoreFile) => ({
    probabilities: f.rows.map((r) => [...r.probabilities]),
    truth: f.rows.map((r) => r.truth),
  });
  const calibration = temperatureScaled(split(validation), split(test));
  const t = meta.metrics.test;
  return {
    meta,
    title: meta.title,
    n: { validation: validation.rows.length, test: test.rows.length },
    validation: meta.metrics.validation,
    test: t,
    /** Validation accuracy minus test accuracy, in percentage points (positive: test is worse). */
    gap: t ? (meta.metrics.validation.accuracy.value - t.accuracy.value) * 100 : Number.NaN,
    points: operatingPoints(meta),
    calibration,
    confident: test.rows.filter((r) => Math.max(...r.probabilities) >= 0.99).length,
  };
}

/** How sure a model is where it is surest: a pneumonia probability at or above this counts as certain. */
const CERTAIN = 0.999;

function previousConfidence(task: TaskId): { wrongNormals: number; certain: number; cut: number } | null {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/heads/${task}/previous-test-scores.json`));
  if (!entry) return null;
  const file = parseScoreFile(entry[1].default);
  const wrong = file.rows.filter((r) => r.truth === 0 && (r.probabilities[1] ?? 0) >= 0.5);
  return {
    wrongNormals: wrong.length,
    certain: wrong.filter((r) => (r.probabilities[1] ?? 0) >= CERTAIN).length,
    cut: CERTAIN,
  };
}

const heads = shippedHeads();
const byTask = (task: TaskId) => {
  const meta = heads.find((m) => m.task === task);
  if (!meta) throw new Error(`No shipped ${task} head.`);
  return headFigures(meta);
};

const curves = import.meta.glob<{ points: LimitedPoint[] }>('/public/weights/features/cxr/limited-data.json', {
  eager: true,
  import: 'default',
});

/** The committed Node curve of the limited-data experiment (npm run limited-data), summarised per size. */
function limitedCurve() {
  const file = Object.values(curves)[0];
  return file ? summariseCurve(file.points) : [];
}

export const judging = {
  limited: limitedCurve(),
  cxr: byTask('cxr'),
  pathogen: byTask('cxr-pathogen'),
  oct: byTask('oct'),
  previous: previousConfidence('cxr'),
};
