/**
 * Gradient descent you can watch: a small head (pooled feature → 32 ReLU units → 2 scores, softmax cross-entropy
 * plus L2) trained from scratch, mini-batch by mini-batch, on the precomputed features of the train split, judged
 * every epoch on the validation split. Seeded (initial weights, which examples, batch order), so one configuration
 * draws one curve. Works in chunks that yield to the page; a non-finite loss stops the run and says why.
 * Framework-free: the widget, the bench and the measuring script share it.
 */
import type * as tfc from '@tensorflow/tfjs';
import { createRng, shuffleInPlace, type Rng } from '../core/rng';
import type { Tf } from '../core/runtime';
import { rowOf, type DecodedSplit } from './feature-set';

export const OPTIMISERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimiserName = (typeof OPTIMISERS)[number];

export interface DescentConfig {
  optimiser: OptimiserName;
  learningRate: number;
  batchSize: number;
  /** How many training examples (a seeded, class-stratified subset of the train split). */
  examples: number;
  l2: number;
  seed: number;
}

export const HIDDEN = 32;
const MOMENTUM = 0.9;

export const DESCENT_LIMITS = {
  learningRate: { min: 1e-4, max: 100 },
  batchSize: { min: 1, max: 1024 },
  examples: { min: 4, max: 100_000 },
  l2: { min: 0, max: 1 },
} as const;

export interface DescentPoint {
  /** Epochs done (fractional after single steps). */
  epoch: number;
  steps: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
}

class DescentError extends Error {}

/** The subset of `labels` a run trains on: per class its share of `count` (at least one each), seeded. */
export function stratifiedSubset(labels: ArrayLike<number>, count: number, rng: Rng): number[] {
  const byClass = new Map<number, number[]>();
  Array.from(labels).forEach((label, i) => byClass.set(label, [...(byClass.get(label) ?? []), i]));
  const total = labels.length;
  const picked: number[] = [];
  for (const [, indices] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const share = Math.max(1, Math.round((count * indices.length) / total));
    picked.push(...shuffleInPlace([...indices], rng).slice(0, share));
  }
  return shuffleInPlace(picked, rng).slice(0, Math.max(count, byClass.size));
}

function normals(rng: Rng, count: number, sd: number): Float32Array {
  return Float32Array.from({ length: count }, () => {
    const u = Math.max(rng(), 1e-12);
    return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  });
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/**
 * The three update rules, one formula each, on the weights' variables (tf.train's optimisers would do the same, but
 * each leaves a scalar allocated after dispose on tfjs 4.22, and these are the formulas chapter 6 prints).
 * `first`/`second`: momentum's velocity, or Adam's running averages of g and g².
 */
function update(config: DescentConfig, w: tfc.Variable, g: tfc.Tensor, slots: Slots, t: number): void {
  const lr = config.learningRate;
  if (config.optimiser === 'sgd') {
    w.assign(w.sub(g.mul(lr))); // w ← w − η g
  } else if (config.optimiser === 'momentum') {
    slots.first.assign(slots.first.mul(MOMENTUM).add(g)); // v ← μ v + g
    w.assign(w.sub(slots.first.mul(lr))); // w ← w − η v
  } else {
    const { beta1, beta2, epsilon } = ADAM;
    slots.first.assign(slots.first.mul(beta1).add(g.mul(1 - beta1))); // m ← β₁ m + (1 − β₁) g
    slots.second.assign(slots.second.mul(beta2).add(g.square().mul(1 - beta2))); // v ← β₂ v + (1 − β₂) g²
    const mHat = slots.first.div(1 - beta1 ** t);
    const vHat = slots.second.div(1 - beta2 ** t);
    w.assign(w.sub(mHat.div(vHat.sqrt().add(epsilon)).mul(lr))); // w ← w − η m̂ / (√v̂ + ε)
  }
}

interface Slots {
  first: tfc.Variable;
  second: tfc.Variable;
}

function rowsTensor(tf: Tf, split: DecodedSplit, indices: readonly number[]): tfc.Tensor2D {
  const flat = new Float32Array(indices.length * split.dimension);
  indices.forEach((index, row) => flat.set(rowOf(split, index), row * split.dimension));
  return tf.tensor2d(flat, [indices.length, split.dimension]);
}

/** Why a loss stopped the run, or null while it is finite. */
export function divergence(point: DescentPoint): string | null {
  if (Number.isFinite(point.trainLoss) && Number.isFinite(point.validationLoss)) return null;
  const what = Number.isNaN(point.trainLoss) ? 'NaN (not a number)' : String(point.trainLoss);
  return `The training loss became ${what} at epoch ${point.epoch.toFixed(2)}: the steps were so large that the weights grew without bound and the arithmetic overflowed. Lower the learning rate (or the L2 strength) and reset.`;
}

export class DescentRun {
  readonly trainIndices: number[];
  readonly stepsPerEpoch: number;
  steps = 0;
  private readonly rng: Rng;
  private readonly slots: Slots[];
  private readonly weights: tfc.Variable[];
  private readonly x: tfc.Tensor2D;
  private readonly y: tfc.Tensor2D;
  private readonly labels: Int32Array;
  private readonly vx: tfc.Tensor2D;
  private readonly vy: tfc.Tensor2D;
  private order: number[] = [];
  private disposed = false;

  constructor(
    private readonly tf: Tf,
    train: DecodedSplit,
    private readonly validation: DecodedSplit,
    readonly config: DescentConfig,
  ) {
    if (train.dimension !== validation.dimension) throw new DescentError('Train and validation differ in dimension.');
    this.rng = createRng(config.seed);
    this.trainIndices = stratifiedSubset(train.labels, Math.min(config.examples, train.count), this.rng);
    this.stepsPerEpoch = Math.ceil(this.trainIndices.length / config.batchSize);
    this.labels = Int32Array.from(this.trainIndices, (i) => train.labels[i] as number);
    const d = train.dimension;
    // tidy frees each initial value once its variable holds a copy (variables themselves are never tidied).
    this.weights = tf.tidy(() => [
      tf.variable(tf.tensor2d(normals(this.rng, d * HIDDEN, Math.sqrt(2 / d)), [d, HIDDEN])),
      tf.variable(tf.zeros([HIDDEN])),
      tf.variable(tf.tensor2d(normals(this.rng, HIDDEN * 2, Math.sqrt(1 / HIDDEN)), [HIDDEN, 2])),
      tf.variable(tf.zeros([2])),
    ]);
    this.x = rowsTensor(tf, train, this.trainIndices);
    this.y = tf.tidy(() => tf.oneHot(tf.tensor1d(this.labels, 'int32'), 2).toFloat() as tfc.Tensor2D);
    const all = Array.from({ length: validation.count }, (_, i) => i);
    this.vx = rowsTensor(tf, validation, all);
    this.vy = tf.tidy(() => tf.oneHot(tf.tensor1d(validation.labels, 'int32'), 2).toFloat() as tfc.Tensor2D);
    this.slots = tf.tidy(() =>
      this.weights.map((w) => ({ first: tf.variable(tf.zerosLike(w)), second: tf.variable(tf.zerosLike(w)) })),
    );
  }

  get epoch(): number {
    return this.steps / this.stepsPerEpoch;
  }

  private scores(x: tfc.Tensor2D): tfc.Tensor2D {
    const [w1, b1, w2, b2] = this.weights as [tfc.Variable, tfc.Variable, tfc.Variable, tfc.Variable];
    return this.tf.relu(x.matMul(w1).add(b1)).matMul(w2).add(b2) as tfc.Tensor2D;
  }

  private objective(x: tfc.Tensor2D, y: tfc.Tensor2D): tfc.Scalar {
    const { tf } = this;
    const penalty = tf.addN([this.weights[0]!, this.weights[2]!].map((w) => w.square().sum()));
    return tf.losses.softmaxCrossEntropy(y, this.scores(x)).add(penalty.mul(this.config.l2)) as tfc.Scalar;
  }

  /** One optimiser step on the next mini-batch (a new seeded order each epoch). */
  step(): void {
    if (this.disposed) throw new DescentError('This run was reset.');
    const within = this.steps % this.stepsPerEpoch;
    if (within === 0)
      this.order = shuffleInPlace(
        this.trainIndices.map((_, i) => i),
        this.rng,
      );
    const batch = this.order.slice(within * this.config.batchSize, (within + 1) * this.config.batchSize);
    this.steps += 1;
    this.tf.tidy(() => {
      const index = this.tf.tensor1d(batch, 'int32');
      const x = this.tf.gather(this.x, index);
      const y = this.tf.gather(this.y, index);
      const { grads } = this.tf.variableGrads(() => this.objective(x, y), this.weights);
      this.weights.forEach((w, i) => update(this.config, w, grads[w.name]!, this.slots[i]!, this.steps));
    });
  }

  /**
   * Steps until the end of the current epoch (or `maxSteps`), yielding whenever `budgetMs` has passed so the page
   * answers input; stops early when `signal` aborts. Returns the steps taken.
   */
  async run(maxSteps: number, options: { yieldNow: () => Promise<void>; budgetMs?: number; signal?: AbortSignal }) {
    const budget = options.budgetMs ?? 12;
    let taken = 0;
    let started = performance.now();
    while (taken < maxSteps && !options.signal?.aborted && !this.disposed) {
      this.step();
      taken += 1;
      if (this.steps % this.stepsPerEpoch === 0) break;
      if (performance.now() - started > budget) {
        await options.yieldNow();
        started = performance.now();
      }
    }
    return taken;
  }

  /** Loss and accuracy on the run's training examples and on the whole validation split. */
  /** Mean loss and accuracy of the current weights on one set of examples (one forward pass). */
  private async judge(x: tfc.Tensor2D, y: tfc.Tensor2D, truth: ArrayLike<number>): Promise<[number, number]> {
    const { tf } = this;
    const [loss, calls] = tf.tidy(() => {
      const s = this.scores(x);
      return [tf.losses.softmaxCrossEntropy(y, s), s.argMax(1)];
    });
    const [l, c] = await Promise.all([loss.data(), calls.data()]);
    tf.dispose([loss, calls]);
    return [l[0] as number, Array.from(c).filter((v, i) => v === truth[i]).length / c.length];
  }

  /**
   * Loss and accuracy on the run's training examples and on the whole validation split; `yieldNow` between the two
   * passes lets the page answer input.
   */
  async measure(yieldNow: () => Promise<void> = () => Promise.resolve()): Promise<DescentPoint> {
    const [trainLoss, trainAccuracy] = await this.judge(this.x, this.y, this.labels);
    await yieldNow();
    const [validationLoss, validationAccuracy] = await this.judge(this.vx, this.vy, this.validation.labels);
    return { epoch: this.epoch, steps: this.steps, trainLoss, trainAccuracy, validationLoss, validationAccuracy };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.tf.dispose([
      ...this.weights,
      ...this.slots.flatMap((s) => [s.first, s.second]),
      this.x,
      this.y,
      this.vx,
      this.vy,
    ]);
  }
}

/** Share of the majority class among the validation labels: the accuracy of always calling it. */
export function majorityAccuracy(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  Array.from(labels).forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
  return Math.max(...counts.values()) / labels.length;
}
