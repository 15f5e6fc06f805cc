/**
 * Trains a head on cached features (Teachable Machine's recipe: the backbone runs once per image, the head many
 * times). Class-weighted cross-entropy against imbalance, early stopping on validation loss with the best epoch's
 * weights restored, seeded shuffles, cancellable, yields between batches so a page stays responsive.
 * Used by the training CLI and by the in-page retraining widget alike.
 */
import type * as tfc from '@tensorflow/tfjs';
import { restoreWeights, snapshotWeights } from '../core/head';
import { createRng, shuffleInPlace } from '../core/rng';
import type { Tf } from '../core/runtime';

export interface TrainingParameters {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
}

export const DEFAULT_TRAINING: TrainingParameters = { epochs: 300, batchSize: 64, learningRate: 1e-3, patience: 15 };

export interface LabelledFeatures {
  /** One flattened feature per example, all the same length. */
  features: readonly Float32Array[];
  labels: readonly number[];
  /** Shape of one example, e.g. [256] or [7, 7, 256]. */
  shape: readonly number[];
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  trainLoss: number;
  validationLoss: number | null;
  validationAccuracy: number | null;
  seconds: number;
}

export interface TrainHeadOptions {
  params?: Partial<TrainingParameters>;
  seed: number;
  classes: number;
  onProgress?: (report: EpochReport) => void;
  signal?: AbortSignal;
  /** Called between batches (the browser passes tf.nextFrame so the page can paint). */
  yieldEvery?: () => Promise<void>;
}

export interface TrainHeadResult {
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
  cancelled: boolean;
}

/** Inverse-frequency weights normalised to mean 1 over examples: each class then counts as much in the loss. */
export function classWeights(labels: readonly number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classes * count)));
}

function stack(tf: Tf, data: LabelledFeatures, indices: readonly number[]): tfc.Tensor {
  const size = data.shape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(indices.length * size);
  indices.forEach((index, row) => flat.set(data.features[index] as Float32Array, row * size));
  return tf.tensor(flat, [indices.length, ...data.shape]);
}

function weightedLoss(probabilities: tfc.Tensor, oneHot: tfc.Tensor, weights: tfc.Tensor): tfc.Scalar {
  const perExample = oneHot.mul(probabilities.clipByValue(1e-7, 1).log()).sum(1).neg();
  return perExample.mul(weights).mean() as tfc.Scalar;
}

export function validateData(data: LabelledFeatures, classes: number, name: string): void {
  if (data.features.length === 0) throw new Error(`The ${name} set is empty.`);
  if (data.features.length !== data.labels.length)
    throw new Error(`The ${name} set has ${data.features.length} features but ${data.labels.length} labels.`);
  const size = data.shape.reduce((a, b) => a * b, 1);
  const bad = data.features.findIndex((f) => f.length !== size);
  if (bad >= 0)
    throw new Error(`Example ${bad} of the ${name} set has ${data.features[bad]?.length} values; expected ${size}.`);
  const outOfRange = data.labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classes);
  if (outOfRange >= 0)
    throw new Error(
      `Example ${outOfRange} of the ${name} set has label ${data.labels[outOfRange]}; expected 0..${classes - 1}.`,
    );
}

/** What one epoch of training needs, fixed for the whole run. */
interface EpochContext {
  tf: Tf;
  head: tfc.LayersModel;
  optimizer: tfc.Optimizer;
  train: LabelledFeatures;
  classes: number;
  weightsByClass: readonly number[];
  batchSize: number;
  signal?: AbortSignal;
  yieldEvery?: () => Promise<void>;
}

/** One optimiser step on the given training examples; returns the batch's weighted loss plus regularisation. */
function trainStep(ctx: EpochContext, indices: readonly number[]): tfc.Scalar | null {
  const { tf, head, train } = ctx;
  return tf.tidy(() => {
    const x = stack(tf, train, indices);
    const labels = indices.map((i) => train.labels[i] as number);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), ctx.classes);
    const w = tf.tensor1d(labels.map((l) => ctx.weightsByClass[l] as number));
    return (
      ctx.optimizer.minimize(() => {
        // Manual loop: the layers' L2 penalties are not added for us as model.fit would.
        const penalties = head.losses.map((penalty) => penalty());
        const regularisation = penalties.length ? tf.addN(penalties) : tf.scalar(0);
        return weightedLoss(head.apply(x, { training: true }) as tfc.Tensor, y, w).add(regularisation) as tfc.Scalar;
      }, true) ?? tf.scalar(Number.NaN)
    );
  });
}

/** One pass over the training set in the given order; stops before the next batch once the signal aborts. */
async function trainEpoch(
  ctx: EpochContext,
  order: readonly number[],
): Promise<{ meanLoss: number; cancelled: boolean }> {
  let lossSum = 0;
  for (let start = 0; start < order.length; start += ctx.batchSize) {
    if (ctx.signal?.aborted) return { meanLoss: Number.NaN, cancelled: true };
    const indices = order.slice(start, start + ctx.batchSize);
    const loss = trainStep(ctx, indices);
    lossSum += ((await loss?.data())?.[0] ?? 0) * indices.length;
    loss?.dispose();
    if (ctx.yieldEvery) await ctx.yieldEvery();
  }
  return { meanLoss: lossSum / order.length, cancelled: false };
}

/** The validation set as one batch of inputs and one-hot targets, or nulls when there is none. */
function validationTensors(
  tf: Tf,
  validation: LabelledFeatures | null,
  classes: number,
): { x: tfc.Tensor | null; y: tfc.Tensor | null } {
  if (!validation) return { x: null, y: null };
  return {
    x: stack(
      tf,
      validation,
      validation.labels.map((_, i) => i),
    ),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d([...validation.labels], 'int32'), classes)),
  };
}

export async function trainHead(
  tf: Tf,
  head: tfc.LayersModel,
  train: LabelledFeatures,
  validation: LabelledFeatures | null,
  options: TrainHeadOptions,
): Promise<TrainHeadResult> {
  const params = { ...DEFAULT_TRAINING, ...options.params };
  validateData(train, options.classes, 'training');
  if (validation) validateData(validation, options.classes, 'validation');
  const rng = createRng(options.seed);
  const weightsByClass = classWeights(train.labels, options.classes);
  const optimizer = tf.train.adam(params.learningRate);
  const { signal, yieldEvery, classes } = options;
  const ctx: EpochContext = {
    tf,
    head,
    optimizer,
    train,
    classes,
    weightsByClass,
    batchSize: params.batchSize,
    signal,
    yieldEvery,
  };
  const val = validationTensors(tf, validation, options.classes);
  const history: EpochReport[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: [] as Float32Array[] };
  let cancelled = false;
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const started = performance.now();
      const order = shuffleInPlace(
        train.labels.map((_, i) => i),
        rng,
      );
      const pass = await trainEpoch(ctx, order);
      cancelled = pass.cancelled;
      if (cancelled) break;
      const report = await evaluateEpoch(tf, head, val.x, val.y, validation?.labels ?? [], weightsByClass);
      const seconds = (performance.now() - started) / 1000;
      const entry: EpochReport = { epoch, epochs: params.epochs, trainLoss: pass.meanLoss, ...report, seconds };
      history.push(entry);
      options.onProgress?.(entry);
      const monitored = entry.validationLoss ?? entry.trainLoss;
      if (monitored < best.loss - 1e-5) best = { loss: monitored, epoch, weights: await snapshotWeights(head) };
      else if (epoch - best.epoch >= params.patience) break;
    }
  } finally {
    optimizer.dispose();
    tf.dispose([val.x, val.y].filter((t): t is tfc.Tensor => t !== null));
  }
  if (best.weights.length) restoreWeights(tf, head, best.weights);
  const last = history[history.length - 1];
  return { history, bestEpoch: best.epoch, stoppedEarly: !cancelled && (last?.epoch ?? 0) < params.epochs, cancelled };
}

async function evaluateEpoch(
  tf: Tf,
  head: tfc.LayersModel,
  x: tfc.Tensor | null,
  y: tfc.Tensor | null,
  labels: readonly number[],
  weightsByClass: readonly number[],
): Promise<{ validationLoss: number | null; validationAccuracy: number | null }> {
  if (!x || !y) return { validationLoss: null, validationAccuracy: null };
  const [lossTensor, predicted] = tf.tidy(() => {
    const p = head.predict(x) as tfc.Tensor;
    // The same class weighting as training, so the monitored loss is the objective being minimised.
    const weights = tf.tensor1d(labels.map((l) => weightsByClass[l] as number));
    return [weightedLoss(p, y, weights), p.argMax(1)];
  });
  const loss = (await lossTensor.data())[0] ?? Number.NaN;
  const calls = await predicted.data();
  tf.dispose([lossTensor, predicted]);
  const correct = labels.reduce((sum, label, i) => sum + (calls[i] === label ? 1 : 0), 0);
  return { validationLoss: loss, validationAccuracy: correct / labels.length };
}
