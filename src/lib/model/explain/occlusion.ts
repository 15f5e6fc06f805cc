/**
 * The occlusion test (Zeiler & Fergus 2014; Kermany et al. 2018): a box slid over the scan, every occluded copy run
 * through the model in batches inside tidy, and the drop of the class's score drawn where the box was, averaged
 * where boxes overlap. Both score spaces come from the same logits. The positions on a coarse lattice go first, so a
 * whole coarse map exists early and refines as the rest arrive.
 */
import type * as tfc from '@tensorflow/tfjs';
import { grayToInputValues } from '../core/preprocess';
import { blurGray, checkpoint, scoreOfLogits, type Cancellable, type ExplanationMap } from './maps';
import { ExplainError, type Scorer, type ScoreSpace } from './scorer';

export const FILLS = ['zero', 'grey', 'mean', 'blur'] as const;
export type Fill = (typeof FILLS)[number];

export interface OcclusionOptions extends Cancellable {
  window: number;
  stride: number;
  fill: Fill;
  target: number;
  /** Occluded copies per model call (1 = one position per pass, for the benchmark's comparison). */
  batch?: number;
  /**
   * Without a fixed batch: the longest a model call may block the thread (default DEFAULT_BUDGET_MS, so a page answers input
   * within 100 ms on wasm); the batch grows or shrinks to fit, from 1 box up to MAX_BATCH.
   */
  budgetMs?: number;
  onProgress?: (partial: OcclusionResult) => void;
}

/** One box position and the drop of the class's score when it is covered. */
export interface OcclusionBox {
  top: number;
  left: number;
  probability: number;
  logodds: number;
}

export interface OcclusionResult {
  window: number;
  stride: number;
  fill: Fill;
  target: number;
  /** The unoccluded scan's score. */
  base: Record<ScoreSpace, number>;
  /**
   * Drop of the score (base − occluded), averaged over the boxes covering each pixel; while the scan is under way, a
   * pixel no box has covered yet shows the nearest coarse box's drop (NaN before any).
   */
  maps: Record<ScoreSpace, ExplanationMap>;
  boxes: OcclusionBox[];
  done: number;
  total: number;
}

/** Box positions along one side: every `stride` px, and the last one flush with the edge so every pixel is covered. */
export function positions(size: number, window: number, stride: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + window <= size; p += stride) out.push(p);
  if (out[out.length - 1] !== size - window) out.push(size - window);
  return out;
}

/** Why a window and stride cannot scan a `size` px input, or null when they can. */
export function occlusionProblem(size: number, window: number, stride: number): string | null {
  if (!Number.isInteger(window) || window < 1)
    return `The window must be a whole number of pixels ≥ 1 (got ${window}).`;
  if (window > size) return `A ${window} px window does not fit on the ${size} px input the model sees.`;
  if (window === size) return `A ${window} px window covers the whole ${size} px input: there is nothing to compare.`;
  if (!Number.isInteger(stride) || stride < 1)
    return `The stride must be a whole number of pixels ≥ 1 (got ${stride}).`;
  if (stride > window)
    return `A stride of ${stride} px with a ${window} px window would skip pixels that no box ever covers; use a stride ≤ ${window}.`;
  return null;
}

/** A box position and the spacing of the lattice it was scanned on (its square in the preview before overlap). */
interface ScanPosition {
  top: number;
  left: number;
  spacing: number;
}

/**
 * All positions, coarse to fine: a lattice twice as wide as the window's (a blocky preview of the whole scan after a
 * few dozen boxes), then one no coarser than the window (every pixel covered), then the rest.
 */
export function scanOrder(size: number, window: number, stride: number): ScanPosition[] {
  const side = positions(size, window, stride);
  const every = Math.max(1, Math.floor(window / stride));
  const level = (i: number): number => (i % (2 * every) === 0 || i === side.length - 1 ? 0 : i % every === 0 ? 1 : 2);
  const all = side.flatMap((top, i) => side.map((left, j) => ({ top, left, level: Math.max(level(i), level(j)) })));
  const spacing = [2 * every * stride, every * stride, stride];
  return [0, 1, 2].flatMap((l) =>
    all.filter((p) => p.level === l).map(({ top, left }) => ({ top, left, spacing: spacing[l] ?? stride })),
  );
}

/** The gray value each pixel of a box is replaced with. */
function fillSource(gray: Float32Array, size: number, fill: Fill): (i: number) => number {
  if (fill === 'zero') return () => 0;
  if (fill === 'grey') return () => 127.5;
  if (fill === 'mean') {
    const mean = gray.reduce((a, b) => a + b, 0) / gray.length;
    return () => mean;
  }
  const blurred = blurGray(gray, size);
  return (i) => blurred[i] as number;
}

/** Accumulates drops per pixel and turns them into overlap-averaged maps. */
class OverlapAverage {
  private readonly sums: Record<ScoreSpace, Float64Array>;
  private readonly counts: Uint16Array;
  private readonly preview: Record<ScoreSpace, Float32Array>;

  constructor(
    private readonly size: number,
    private readonly window: number,
  ) {
    this.sums = { probability: new Float64Array(size * size), logodds: new Float64Array(size * size) };
    this.counts = new Uint16Array(size * size);
    this.preview = {
      probability: new Float32Array(size * size).fill(Number.NaN),
      logodds: new Float32Array(size * size).fill(Number.NaN),
    };
  }

  /** Paints a box's drop over the square its lattice gives it, for pixels no box has covered yet. */
  private paint(box: OcclusionBox, spacing: number): void {
    const centre = (p: number): number => p + this.window / 2;
    const from = (p: number): number => Math.max(0, Math.round(centre(p) - spacing / 2));
    const to = (p: number): number => Math.min(this.size, Math.round(centre(p) + spacing / 2));
    for (let y = from(box.top); y < to(box.top); y++) {
      for (let x = from(box.left); x < to(box.left); x++) {
        this.preview.probability[y * this.size + x] = box.probability;
        this.preview.logodds[y * this.size + x] = box.logodds;
      }
    }
  }

  add(box: OcclusionBox, spacing: number): void {
    this.paint(box, spacing);
    for (let y = box.top; y < box.top + this.window; y++) {
      for (let x = box.left; x < box.left + this.window; x++) {
        const i = y * this.size + x;
        this.sums.probability[i] = (this.sums.probability[i] as number) + box.probability;
        this.sums.logodds[i] = (this.sums.logodds[i] as number) + box.logodds;
        this.counts[i] = (this.counts[i] as number) + 1;
      }
    }
  }

  map(space: ScoreSpace): ExplanationMap {
    const values = new Float32Array(this.size * this.size);
    const sums = this.sums[space];
    const preview = this.preview[space];
    for (let i = 0; i < values.length; i++) {
      const n = this.counts[i] as number;
      values[i] = n > 0 ? (sums[i] as number) / n : (preview[i] as number);
    }
    return { width: this.size, height: this.size, values };
  }
}

const MAX_BATCH = 32;
/** Time per model call the batch size aims at: well under the 100 ms in which a page should answer input. */
const DEFAULT_BUDGET_MS = 25;

/** The next batch size: fixed when asked for, else as many boxes as the last call's time per box fits in the budget. */
function nextBatch(options: OcclusionOptions, msPerBox: number | null): number {
  if (options.batch !== undefined) return Math.max(1, Math.floor(options.batch));
  if (msPerBox === null) return 1;
  return Math.max(
    1,
    Math.min(MAX_BATCH, Math.floor((options.budgetMs ?? DEFAULT_BUDGET_MS) / Math.max(msPerBox, 1e-3))),
  );
}

/** The scan's logits and, per batch, the occluded copies' logits, as plain rows. */
async function logitRows(scorer: Scorer, values: Float32Array, n: number): Promise<Float32Array[]> {
  const size = scorer.inputSize;
  const logits = scorer.tf.tidy(() => scorer.logits(scorer.tf.tensor4d(values, [n, size, size, 3]) as tfc.Tensor4D));
  try {
    const flat = (await logits.data()) as Float32Array;
    return Array.from({ length: n }, (_, i) => flat.slice(i * scorer.classes, (i + 1) * scorer.classes));
  } finally {
    logits.dispose();
  }
}

/** The input values of each occluded copy, one after another. */
function occludedCopies(
  input: Float32Array,
  part: readonly { top: number; left: number }[],
  size: number,
  window: number,
  fillValue: (pixel: number) => number,
): Float32Array {
  const copies = new Float32Array(part.length * input.length);
  part.forEach(({ top, left }, k) => {
    const offset = k * input.length;
    copies.set(input, offset);
    for (let y = top; y < top + window; y++) {
      for (let x = left; x < left + window; x++) {
        const at = offset + 3 * (y * size + x);
        copies.fill(fillValue(y * size + x), at, at + 3);
      }
    }
  });
  return copies;
}

export async function occlusion(
  scorer: Scorer,
  gray: Float32Array,
  options: OcclusionOptions,
): Promise<OcclusionResult> {
  const size = scorer.inputSize;
  const { window, stride, fill, target } = options;
  const problem = occlusionProblem(size, window, stride);
  if (problem) throw new ExplainError(problem);
  scorer.checkTarget(target);
  const spec = scorer.model.meta.input;
  const input = grayToInputValues(gray, spec);
  const [baseRow] = await logitRows(scorer, input, 1);
  const base = {
    probability: scoreOfLogits(baseRow!, target, 'probability'),
    logodds: scoreOfLogits(baseRow!, target, 'logodds'),
  };
  const fillAt = fillSource(gray, size, fill);
  const order = scanOrder(size, window, stride);
  let msPerBox: number | null = null;
  const average = new OverlapAverage(size, window);
  const boxes: OcclusionBox[] = [];
  const snapshot = (): OcclusionResult => ({
    window,
    stride,
    fill,
    target,
    base,
    boxes,
    done: boxes.length,
    total: order.length,
    maps: { probability: average.map('probability'), logodds: average.map('logodds') },
  });
  for (let start = 0; start < order.length;) {
    await checkpoint(options);
    const part = order.slice(start, start + nextBatch(options, msPerBox));
    start += part.length;
    const started = Date.now();
    const copies = occludedCopies(input, part, size, window, (i) => fillAt(i) * spec.scale + spec.offset);
    const rows = await logitRows(scorer, copies, part.length);
    msPerBox = (Date.now() - started) / part.length;
    part.forEach(({ top, left, spacing }, k) => {
      const row = rows[k]!;
      const box = {
        top,
        left,
        probability: base.probability - scoreOfLogits(row, target, 'probability'),
        logodds: base.logodds - scoreOfLogits(row, target, 'logodds'),
      };
      boxes.push(box);
      average.add(box, spacing);
    });
    if (options.onProgress) {
      // The page draws the partial map in a task of its own, so a model call and a redraw never add up to one.
      await checkpoint(options);
      options.onProgress(snapshot());
    }
  }
  return snapshot();
}
