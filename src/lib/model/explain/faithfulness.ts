/**
 * Faithfulness of a map, measured (Petsiuk et al. 2018): delete the pixels the map ranks highest first (set them to
 * black) and watch the class's probability fall; or insert them first into a blurred copy and watch it rise. The
 * areas under the two curves answer "which map is right?" for this scan: a low deletion area and a high insertion
 * area mean the map found the pixels the model's decision rests on. Also the rank correlation the sanity checks use.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Grid } from '../core/grid';
import { createRng } from '../core/rng';
import { grayToInputValues } from '../core/preprocess';
import { blurGray, checkpoint, scoreOfLogits, type Cancellable, type ExplanationMap } from './maps';
import type { Scorer, ScoreSpace } from './scorer';

export interface CurveOptions extends Cancellable {
  target: number;
  /** Points after the start (default 28: 1 792 pixels, 8 rows of a 224 px input, per step). */
  steps?: number;
  space?: ScoreSpace;
}

export interface Curves {
  fractions: number[];
  deletion: number[];
  insertion: number[];
  deletionAuc: number;
  insertionAuc: number;
}

/** Pixel indices from the highest value to the lowest (NaN last; ties keep pixel order). */
export function rankPixels(values: ArrayLike<number>): number[] {
  const key = (i: number): number => (Number.isFinite(values[i]) ? (values[i] as number) : -Infinity);
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}

/** Area under y over x by the trapezoid rule. */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++)
    area += ((x[i] as number) - (x[i - 1] as number)) * (((y[i] as number) + (y[i - 1] as number)) / 2);
  return area;
}

async function scoresOf(scorer: Scorer, grays: Float32Array[], options: CurveOptions): Promise<number[]> {
  const size = scorer.inputSize;
  const out: number[] = [];
  for (let start = 0; start < grays.length; start += 16) {
    await checkpoint(options);
    const part = grays.slice(start, start + 16);
    const flat = new Float32Array(part.length * size * size * 3);
    part.forEach((g, k) => flat.set(grayToInputValues(g, scorer.model.meta.input), k * size * size * 3));
    const logits = scorer.tf.tidy(() =>
      scorer.logits(scorer.tf.tensor4d(flat, [part.length, size, size, 3]) as tfc.Tensor4D),
    );
    const rows = (await logits.data()) as Float32Array;
    logits.dispose();
    part.forEach((_, k) =>
      out.push(
        scoreOfLogits(
          rows.subarray(k * scorer.classes, (k + 1) * scorer.classes),
          options.target,
          options.space ?? 'probability',
        ),
      ),
    );
  }
  return out;
}

export async function deletionInsertion(
  scorer: Scorer,
  gray: Float32Array,
  map: Grid,
  options: CurveOptions,
): Promise<Curves> {
  scorer.checkTarget(options.target);
  const steps = options.steps ?? 28;
  const order = rankPixels(map.values);
  const blurred = blurGray(gray, scorer.inputSize);
  const fractions = Array.from({ length: steps + 1 }, (_, i) => i / steps);
  const deleted: Float32Array[] = [];
  const inserted: Float32Array[] = [];
  for (const fraction of fractions) {
    const n = Math.round(fraction * order.length);
    const del = Float32Array.from(gray);
    const ins = Float32Array.from(blurred);
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      del[i] = 0;
      ins[i] = gray[i] as number;
    }
    deleted.push(del);
    inserted.push(ins);
  }
  const scores = await scoresOf(scorer, [...deleted, ...inserted], options);
  const deletion = scores.slice(0, fractions.length);
  const insertion = scores.slice(fractions.length);
  return {
    fractions,
    deletion,
    insertion,
    deletionAuc: trapezoid(fractions, deletion),
    insertionAuc: trapezoid(fractions, insertion),
  };
}

/** A map of seeded random values: the baseline every method's curves should beat. */
export function randomMap(size: number, seed = 7): ExplanationMap {
  const rng = createRng(seed);
  return { width: size, height: size, values: Float32Array.from({ length: size * size }, () => rng()) };
}

/** Ranks with ties averaged (1-based), NaN treated as the lowest value. */
function ranks(values: ArrayLike<number>): Float64Array {
  const order = rankPixels(values).reverse();
  const out = new Float64Array(values.length);
  const key = (i: number): number => (Number.isFinite(values[i]) ? (values[i] as number) : -Infinity);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && key(order[end] as number) === key(order[start] as number)) end++;
    for (let k = start; k < end; k++) out[order[k] as number] = (start + end + 1) / 2;
    start = end;
  }
  return out;
}

/** Spearman's rank correlation of two maps of the same size (0 when either is constant). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Maps differ in size: ${a.length} vs ${b.length}.`);
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
