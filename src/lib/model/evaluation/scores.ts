/**
 * Per-image score files (test-scores.json, validation-scores.json): parsing with clear errors, the positive-class
 * score of each image, and seeded stratified subsamples (how wide an interval is at a smaller test set).
 */
import { createRng, shuffleInPlace } from '../core/rng';

export interface ScoreRow {
  id: string;
  truth: number;
  probabilities: readonly number[];
}

export interface ScoreFile {
  task: string;
  classes: readonly string[];
  rows: readonly ScoreRow[];
}

export class ScoreFileError extends Error {}

/** Checks a parsed score file: every row has an id, a class index in range and one probability per class. */
export function parseScoreFile(json: unknown, what = 'score file'): ScoreFile {
  const file = json as Partial<ScoreFile> | null;
  if (!file || typeof file.task !== 'string' || !Array.isArray(file.classes) || !Array.isArray(file.rows))
    throw new ScoreFileError(`The ${what} is not a score file (task, classes, rows).`);
  const k = file.classes.length;
  file.rows.forEach((row, i) => {
    const ok =
      typeof row?.id === 'string' &&
      Number.isInteger(row.truth) &&
      row.truth >= 0 &&
      row.truth < k &&
      Array.isArray(row.probabilities) &&
      row.probabilities.length === k &&
      row.probabilities.every((p: unknown) => typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= 1);
    if (!ok) throw new ScoreFileError(`The ${what} has a malformed row ${i} (${String(row?.id)}).`);
  });
  return file as ScoreFile;
}

/** Class indices of the task's positive classes (pneumonia; virus; CNV and DME for urgent referral). */
export function positiveIndices(classes: readonly string[], positive: readonly string[]): number[] {
  return classes.map((name, i) => (positive.includes(name) ? i : -1)).filter((i) => i >= 0);
}

/** Each row's summed probability of the positive classes, and whether it truly is positive. */
export function positiveScores(
  rows: readonly ScoreRow[],
  positive: readonly number[],
): { scores: number[]; isPositive: boolean[] } {
  return {
    scores: rows.map((r) => positive.reduce((sum, i) => sum + (r.probabilities[i] ?? 0), 0)),
    isPositive: rows.map((r) => positive.includes(r.truth)),
  };
}

/**
 * A seeded subsample of `n` rows keeping the positive/negative balance of the whole (at least one of each when
 * both exist): the same seed gives the same rows.
 */
export function stratifiedSubsample<T>(
  rows: readonly T[],
  isPositive: readonly boolean[],
  n: number,
  seed: number,
): T[] {
  if (n >= rows.length) return [...rows];
  const rng = createRng(seed);
  const pos = shuffleInPlace(
    rows.filter((_, i) => isPositive[i]),
    rng,
  );
  const neg = shuffleInPlace(
    rows.filter((_, i) => !isPositive[i]),
    rng,
  );
  const wantPos = Math.min(
    pos.length,
    Math.max(pos.length && neg.length ? 1 : 0, Math.round((n * pos.length) / rows.length)),
  );
  const takePos = Math.min(wantPos, n - (neg.length > 0 && n > 1 ? 1 : 0));
  return [...pos.slice(0, takePos), ...neg.slice(0, n - takePos)];
}
