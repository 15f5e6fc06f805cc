/**
 * The translation experiment: shift the network's input a few pixels, run the backbone, and measure how much a
 * layer's output changes: at an early layer (the whole map, cell by cell), at the last map the head reads (cell by
 * cell, before pooling) and after global average pooling (one number per channel). The middle measure separates the
 * two things that differ between the other two: depth and pooling. Layers are found from the model, never from a list of names. Deterministic: no randomness at all.
 */
import type * as tfc from '@tensorflow/tfjs';
import { poolMap } from '../core/features';
import { probeOf } from '../core/probe';
import { toInputTensor, type InputSpec, type RawImage } from '../core/preprocess';
import type { Tf } from '../core/runtime';

export type ShiftDirection = 'right' | 'down';
export type ShiftFill = 'edge' | 'zero';
export const SHIFT_DIRECTIONS: readonly ShiftDirection[] = ['right', 'down'];
export const SHIFT_FILLS: readonly ShiftFill[] = ['edge', 'zero'];

export class ShiftError extends Error {}

/**
 * Moves a [1, h, w, c] input `by` pixels right or down. The strip uncovered at the left (top) is filled with a copy
 * of the first column (row) for 'edge', or with `zeroValue` (what a black pixel becomes after scaling) for 'zero'.
 * The size is unchanged: what moves out at the other side is dropped.
 */
export function shiftInput(
  tf: Tf,
  input: tfc.Tensor4D,
  by: number,
  direction: ShiftDirection,
  fill: ShiftFill,
  zeroValue: number,
): tfc.Tensor4D {
  const axis = direction === 'right' ? 2 : 1;
  const length = input.shape[axis];
  if (!Number.isInteger(by) || by < 0 || by >= length)
    throw new ShiftError(`A shift must be a whole number from 0 to ${length - 1} px, got ${by}.`);
  if (by === 0) return input.clone();
  return tf.tidy(() => {
    const size: [number, number, number, number] = [-1, -1, -1, -1];
    size[axis] = length - by;
    const kept = tf.slice(input, [0, 0, 0, 0], size);
    const padding: [number, number][] = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    padding[axis] = [by, 0];
    if (fill === 'zero') return tf.pad(kept, padding, zeroValue) as tfc.Tensor4D;
    const edgeSize: [number, number, number, number] = [-1, -1, -1, -1];
    edgeSize[axis] = 1;
    const reps = [1, 1, 1, 1];
    reps[axis] = by;
    const strip = tf.tile(tf.slice(input, [0, 0, 0, 0], edgeSize), reps);
    return tf.concat([strip, kept], axis) as tfc.Tensor4D;
  });
}

/** ‖a − b‖ / ‖a‖: how much b differs from a, relative to a's size (0 = identical). */
export function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShiftError(`Cannot compare ${a.length} values with ${b.length}.`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const d = x - (b[i] ?? 0);
    diff += d * d;
    norm += x * x;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : diff > 0 ? Number.POSITIVE_INFINITY : 0;
}

export interface DriftOptions {
  direction: ShiftDirection;
  fill: ShiftFill;
  /** Shifts 0, 1, …, maxShift pixels are measured. */
  maxShift: number;
  /** Compared as whole maps. */
  earlyLayer: string;
  /** Compared after global average pooling (mean over rows and columns: one number per channel). */
  pooledLayer: string;
  spec: InputSpec;
}

export interface DriftPoint {
  shift: number;
  /** Relative change of the early layer's whole map. */
  early: number;
  /** Relative change of the last map, cell by cell, before pooling. */
  last: number;
  /** Relative change of the pooled feature vector. */
  pooled: number;
}

type Measures = Record<'early' | 'last' | 'pooled', Float32Array>;

/** Early map, last map and pooled vector for one shift of the input, read back to typed arrays. */
async function featuresAt(
  tf: Tf,
  probe: tfc.LayersModel,
  input: tfc.Tensor4D,
  shift: number,
  options: DriftOptions,
): Promise<Measures> {
  const zero = options.spec.offset; // a black pixel (value 0) after scaling
  const [early, last, pooled] = tf.tidy(() => {
    const outputs = probe.predict(shiftInput(tf, input, shift, options.direction, options.fill, zero)) as tfc.Tensor[];
    const [map, feature] = outputs;
    if (!map || !feature) throw new ShiftError('The probe returned fewer outputs than layers.');
    return [map, feature, poolMap(feature as tfc.Tensor4D, 'gap')];
  });
  try {
    const [e, l, p] = await Promise.all([early.data(), last.data(), pooled.data()]);
    return { early: e as Float32Array, last: l as Float32Array, pooled: p as Float32Array };
  } finally {
    tf.dispose([early, last, pooled]);
  }
}

function distances(a: Measures, b: Measures): Omit<DriftPoint, 'shift'> {
  return {
    early: relativeDistance(a.early, b.early),
    last: relativeDistance(a.last, b.last),
    pooled: relativeDistance(a.pooled, b.pooled),
  };
}

/**
 * The drift curve, one shift at a time (so a page can show progress and stay responsive): `onPoint` is called after
 * each shift with the points so far. Stops early, returning what it has, when `signal` is aborted.
 */
export async function driftCurve(
  tf: Tf,
  model: tfc.LayersModel,
  image: RawImage,
  options: DriftOptions,
  onPoint?: (points: readonly DriftPoint[]) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<DriftPoint[]> {
  const probe = probeOf(tf, model, [options.earlyLayer, options.pooledLayer]);
  const input = toInputTensor(tf, image, options.spec);
  const points: DriftPoint[] = [];
  try {
    const origin = await featuresAt(tf, probe, input, 0, options);
    points.push({ shift: 0, early: 0, last: 0, pooled: 0 });
    await onPoint?.(points);
    for (let shift = 1; shift <= options.maxShift && !signal?.aborted; shift++) {
      points.push({ shift, ...distances(origin, await featuresAt(tf, probe, input, shift, options)) });
      // onPoint may wait (a widget offscreen waits until it is visible again) before the next shift is computed.
      await onPoint?.(points);
      await tf.nextFrame();
    }
  } finally {
    input.dispose();
  }
  return points;
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new ShiftError('The median of no values is undefined.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The yardstick for the drift curve: how far apart, at the same two layers and by the same measure, a scan and
 * other scans are (median over `others`, none shifted). "A shift changed it as much as swapping in another patient's
 * scan" is a change a reader can judge; a bare 0.15 is not.
 */
export async function otherScanDistance(
  tf: Tf,
  model: tfc.LayersModel,
  image: RawImage,
  others: readonly RawImage[],
  options: DriftOptions,
): Promise<Omit<DriftPoint, 'shift'>> {
  const probe = probeOf(tf, model, [options.earlyLayer, options.pooledLayer]);
  const features = async (scan: RawImage): Promise<Measures> => {
    const input = toInputTensor(tf, scan, options.spec);
    try {
      return await featuresAt(tf, probe, input, 0, options);
    } finally {
      input.dispose();
    }
  };
  const origin = await features(image);
  const gaps: Omit<DriftPoint, 'shift'>[] = [];
  for (const other of others) gaps.push(distances(origin, await features(other)));
  return {
    early: median(gaps.map((g) => g.early)),
    last: median(gaps.map((g) => g.last)),
    pooled: median(gaps.map((g) => g.pooled)),
  };
}
