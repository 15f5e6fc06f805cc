/**
 * Fine-tuning the top blocks of a chain backbone (MobileNet v1): the backbone is split at a frozen layer; the
 * blocks above it and the head train together, the backbone at a lower learning rate than the head.
 * BatchNorm is frozen — ImageNet's moving statistics and affine terms are kept and BN runs in inference mode —
 * because batches of 16–32 films give noisy batch statistics, and re-estimating them on the training folder
 * would fit its acquisition conditions more tightly, the opposite of what the shift to the test films needs.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, outputShapeOf } from '../core/backbone';
import { poolMap } from '../core/features';
import { restoreWeights, snapshotWeights } from '../core/head';
import type { Tf } from '../core/runtime';

class ChainModelError extends Error {}

/** The layers strictly after `from` up to and including `to`, in order; throws unless they form a simple chain. */
function chainBetween(model: tfc.LayersModel, from: string, to: string): tfc.layers.Layer[] {
  const start = model.layers.indexOf(findLayer(model, from));
  const end = model.layers.indexOf(findLayer(model, to));
  if (end <= start) throw new ChainModelError(`${to} does not come after ${from}.`);
  const layers = model.layers.slice(start + 1, end + 1);
  layers.forEach((layer, i) => {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    const previous = i === 0 ? model.layers[start] : layers[i - 1];
    if (inbound.length !== 1 || inbound[0] !== previous) {
      throw new ChainModelError(
        `${layer.name} is not fed by the layer before it alone: only chain models (MobileNet v1) can be split here.`,
      );
    }
  });
  return layers;
}

/**
 * A model from `from`'s output to `to`'s output that SHARES the backbone's layers (training it trains them).
 * BatchNormalization layers are made non-trainable (see the module comment). With `trainableFrom`, the layers
 * before it stay frozen too, so one cache of maps at `from` serves every depth of fine-tuning above it.
 */
export function upperModel(
  tf: Tf,
  backbone: tfc.LayersModel,
  from: string,
  to: string,
  trainableFrom?: string,
): tfc.LayersModel {
  const layers = chainBetween(backbone, from, to);
  const firstTrainable = trainableFrom === undefined ? 0 : layers.indexOf(findLayer(backbone, trainableFrom));
  if (firstTrainable < 0) throw new ChainModelError(`${trainableFrom} is not between ${from} and ${to}.`);
  const shape = outputShapeOf(findLayer(backbone, from)).slice(1) as number[];
  const input = tf.input({ shape, name: `${from}_map` });
  let x: tfc.SymbolicTensor = input;
  layers.forEach((layer, i) => {
    if (layer.getClassName() === 'BatchNormalization' || i < firstTrainable) layer.trainable = false;
    x = layer.apply(x) as tfc.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x, name: `upper_${from}_to_${to}` });
}

/** The name the shipped trained-layers model carries (how older whole-upper-part saves are told apart). */
export const TRAINED_LAYERS_MODEL = 'lightbox_finetuned_layers';

/**
 * What ships of a fine-tuned upper part: only the layers that trained (from `trainableFrom` on, BatchNorm excluded,
 * as it stays frozen), each applied to an input of its own, so the files hold Lightbox's weights and no copy of a
 * frozen ImageNet layer (those still come from the backbone setup copies). Classifier.load matches them by name.
 */
export function trainedLayersModel(tf: Tf, upper: tfc.LayersModel, trainableFrom?: string): tfc.LayersModel | null {
  const chain = upper.layers.slice(1);
  const first = trainableFrom === undefined ? 0 : chain.findIndex((l) => l.name === trainableFrom);
  if (first < 0) throw new ChainModelError(`${trainableFrom} is not in ${upper.name}.`);
  const trained = chain
    .slice(first)
    .filter((l) => l.getClassName() !== 'BatchNormalization' && l.getWeights().length > 0);
  // Only a weightless layer trainable (e.g. the last ReLU): the head alone trained, and nothing of the backbone ships.
  if (trained.length === 0) return null;
  const inputs = trained.map((layer) =>
    tf.input({
      shape: (layer.getInputAt(0) as tfc.SymbolicTensor).shape.slice(1) as number[],
      name: `${layer.name}_in`,
    }),
  );
  const outputs = trained.map((layer, i) => layer.apply(inputs[i] as tfc.SymbolicTensor) as tfc.SymbolicTensor);
  return tf.model({ inputs, outputs, name: TRAINED_LAYERS_MODEL });
}

export interface FinetuneParams {
  epochs: number;
  batchSize: number;
  /** Peak learning rates (the schedule scales both). */
  headLearningRate: number;
  backboneLearningRate: number;
  /** Epochs without a better validation loss before stopping; ≥ epochs disables early stopping. */
  patience: number;
  /** 'constant' (older runs), or linear warm-up for `warmupEpochs` then cosine decay to 0 at the last step. */
  schedule?: 'constant' | 'cosine';
  warmupEpochs?: number;
  /** Label smoothing ε of the training loss (validation loss is never smoothed). */
  labelSmoothing?: number;
  /** Which weights the run ends with: the best validation loss's (older runs) or the last epoch's. */
  keep?: 'best' | 'last';
}

/** The learning-rate factor (0..1) at a step, for a schedule over `total` steps. */
export function scheduleFactor(params: FinetuneParams, step: number, stepsPerEpoch: number): number {
  if ((params.schedule ?? 'constant') === 'constant') return 1;
  const total = params.epochs * stepsPerEpoch;
  const warmup = (params.warmupEpochs ?? 0) * stepsPerEpoch;
  if (step < warmup) return (step + 1) / warmup;
  const progress = (step - warmup) / Math.max(1, total - warmup);
  return 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}

export const DEFAULT_FINETUNE: FinetuneParams = {
  epochs: 12,
  batchSize: 32,
  headLearningRate: 1e-3,
  backboneLearningRate: 1e-4,
  patience: 3,
};

/** Where a training example comes from: the lower part's map for one image, one augmentation variant of it. */
export interface MapSource {
  count: number;
  shape: readonly number[];
  labels: readonly number[];
  /** The map of example i for this epoch (the trainer asks with the epoch so variants can rotate); may stream. */
  map(index: number, epoch: number): Float32Array | Promise<Float32Array>;
}

export interface FinetuneEpoch {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  validationAccuracy: number;
  seconds: number;
}

export interface FinetuneState {
  epoch: number;
  best: { loss: number; epoch: number };
  history: FinetuneEpoch[];
}

/** The head's input from the upper part's map: pooled for a vector head, the map itself for a conv head. */
function headInput(head: tfc.LayersModel, map: tfc.Tensor4D): tfc.Tensor {
  return poolMap(map, (head.inputs[0]?.shape.length ?? 2) === 4 ? 'none' : 'gap');
}

/** Gathers examples into one flat batch (a streaming source decodes them concurrently). */
async function batchValues(source: MapSource, indices: readonly number[], epoch: number): Promise<Float32Array> {
  const size = source.shape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(indices.length * size);
  const maps = await Promise.all(indices.map((index) => Promise.resolve(source.map(index, epoch))));
  maps.forEach((map, row) => flat.set(map, row * size));
  return flat;
}

function weightedCrossEntropy(
  tf: Tf,
  probabilities: tfc.Tensor,
  labels: readonly number[],
  classes: number,
  weights: readonly number[],
  smoothing = 0,
): tfc.Scalar {
  const hot = tf.oneHot(tf.tensor1d([...labels], 'int32'), classes);
  const y = smoothing > 0 ? hot.mul(1 - smoothing).add(smoothing / classes) : hot;
  const w = tf.tensor1d(labels.map((l) => weights[l] ?? 1));
  return y.mul(probabilities.clipByValue(1e-7, 1).log()).sum(1).neg().mul(w).mean() as tfc.Scalar;
}

export interface FinetuneRun {
  upper: tfc.LayersModel;
  head: tfc.LayersModel;
  train: MapSource;
  validation: MapSource;
  classes: number;
  classWeights: readonly number[];
  params: FinetuneParams;
  /** Seeded shuffle of 0..n-1 for an epoch. */
  order: (epoch: number, n: number) => number[];
  onEpoch: (
    report: FinetuneEpoch,
    state: FinetuneState,
    improved: boolean,
    optimisers: FinetuneOptimisers,
  ) => Promise<void>;
  onBatch?: (done: number, total: number) => void;
  /** Resuming: the state and the best epoch's weights ([upper, head]) from the checkpoint. */
  state?: FinetuneState;
  bestWeights?: Float32Array[][];
  /** Resuming: the optimisers' saved state ([backbone, head]), so Adam's moments carry across a restart. */
  optimiserState?: [NamedTensorList, NamedTensorList];
  signal?: AbortSignal;
}

/** An optimiser's saved state, as tfjs's getWeights returns it. */
export type NamedTensorList = { name: string; tensor: tfc.Tensor }[];

/** The optimisers of a run ([backbone, head]); their state is checkpointed with the weights. */
export type FinetuneOptimisers = [tfc.AdamOptimizer, tfc.AdamOptimizer];

/** Sets both optimisers' learning rates for a step of the schedule (tfjs Adam reads it on every update). */
function setLearningRates(run: FinetuneRun, optimisers: FinetuneOptimisers, step: number, stepsPerEpoch: number): void {
  const factor = scheduleFactor(run.params, step, stepsPerEpoch);
  const rates = [run.params.backboneLearningRate * factor, run.params.headLearningRate * factor];
  optimisers.forEach((o, i) => ((o as unknown as { learningRate: number }).learningRate = rates[i] as number));
}

/** One epoch of training: backbone and head variables get their own Adam at their own learning rate. */
async function trainEpoch(tf: Tf, run: FinetuneRun, epoch: number, optimisers: FinetuneOptimisers): Promise<number> {
  const backboneVars = run.upper.trainableWeights.map((w) => w.read() as tfc.Variable);
  const headVars = run.head.trainableWeights.map((w) => w.read() as tfc.Variable);
  const order = run.order(epoch, run.train.count);
  const batches = Math.ceil(order.length / run.params.batchSize);
  const batchAt = (b: number) => order.slice(b * run.params.batchSize, (b + 1) * run.params.batchSize);
  let lossSum = 0;
  // The next batch is read and augmented while the current one trains (streaming sources decode off-thread).
  let next = batchValues(run.train, batchAt(0), epoch);
  for (let b = 0; b < batches; b++) {
    if (run.signal?.aborted) throw new Error('Fine-tuning interrupted; run again to resume from the last epoch.');
    const indices = batchAt(b);
    const labels = indices.map((i) => run.train.labels[i] as number);
    const values = await next;
    if (b + 1 < batches) next = batchValues(run.train, batchAt(b + 1), epoch);
    setLearningRates(run, optimisers, (epoch - 1) * batches + b, batches);
    const loss = tf.tidy(() => {
      const x = tf.tensor(values, [indices.length, ...run.train.shape]);
      const { value, grads } = tf.variableGrads(() => {
        const features = headInput(run.head, run.upper.apply(x, { training: false }) as tfc.Tensor4D);
        const p = run.head.apply(features, { training: true }) as tfc.Tensor;
        return weightedCrossEntropy(tf, p, labels, run.classes, run.classWeights, run.params.labelSmoothing);
      }, [...backboneVars, ...headVars]);
      const pick = (vars: tfc.Variable[]): tfc.NamedTensorMap =>
        Object.fromEntries(vars.map((v) => [v.name, grads[v.name] as tfc.Tensor]));
      (optimisers[0] as tfc.Optimizer).applyGradients(pick(backboneVars));
      (optimisers[1] as tfc.Optimizer).applyGradients(pick(headVars));
      return value;
    });
    lossSum += ((await loss.data())[0] ?? 0) * indices.length;
    loss.dispose();
    run.onBatch?.(Math.min((b + 1) * run.params.batchSize, order.length), order.length);
  }
  return lossSum / order.length;
}

/** Validation loss (class-weighted, as trained) and accuracy on clean maps. */
export async function validate(
  tf: Tf,
  run: Pick<FinetuneRun, 'upper' | 'head' | 'validation' | 'classes' | 'classWeights'>,
): Promise<{ loss: number; accuracy: number; probabilities: Float32Array[] }> {
  const probabilities: Float32Array[] = [];
  for (let start = 0; start < run.validation.count; start += 64) {
    const indices = Array.from({ length: Math.min(64, run.validation.count - start) }, (_, i) => start + i);
    const batch = await batchValues(run.validation, indices, 0);
    const p = tf.tidy(() => {
      const x = tf.tensor(batch, [indices.length, ...run.validation.shape]);
      const features = headInput(run.head, run.upper.predict(x) as tfc.Tensor4D);
      return run.head.predict(features) as tfc.Tensor;
    });
    const values = (await p.data()) as Float32Array;
    p.dispose();
    indices.forEach((_, i) => probabilities.push(values.slice(i * run.classes, (i + 1) * run.classes)));
  }
  const labels = run.validation.labels;
  let loss = 0;
  let correct = 0;
  probabilities.forEach((p, i) => {
    const label = labels[i] as number;
    loss -= (run.classWeights[label] ?? 1) * Math.log(Math.max(1e-7, p[label] ?? 0));
    if (p.indexOf(Math.max(...p)) === label) correct++;
  });
  return { loss: loss / probabilities.length, accuracy: correct / probabilities.length, probabilities };
}

/**
 * Fine-tunes with early stopping on validation loss (unless patience ≥ epochs); ends with the best epoch's weights,
 * or the last epoch's when params.keep is 'last'. onEpoch receives the optimisers so a checkpoint can save them.
 */
export async function finetune(tf: Tf, run: FinetuneRun): Promise<FinetuneState> {
  const state: FinetuneState = run.state ?? {
    epoch: 0,
    best: { loss: Number.POSITIVE_INFINITY, epoch: 0 },
    history: [],
  };
  const optimisers: FinetuneOptimisers = [
    tf.train.adam(run.params.backboneLearningRate),
    tf.train.adam(run.params.headLearningRate),
  ];
  if (run.optimiserState) await Promise.all(optimisers.map((o, i) => o.setWeights(run.optimiserState?.[i] ?? [])));
  const models = [run.upper, run.head];
  let best = run.bestWeights ?? null;
  try {
    for (let epoch = state.epoch + 1; epoch <= run.params.epochs; epoch++) {
      // A resumed run that had already stopped early stays stopped.
      if (state.epoch - state.best.epoch >= run.params.patience) break;
      const started = performance.now();
      const trainLoss = await trainEpoch(tf, run, epoch, optimisers);
      const v = await validate(tf, run);
      const report = {
        epoch,
        trainLoss,
        validationLoss: v.loss,
        validationAccuracy: v.accuracy,
        seconds: (performance.now() - started) / 1000,
      };
      const improved = v.loss < state.best.loss - 1e-5;
      if (improved) {
        state.best = { loss: v.loss, epoch };
        best = await Promise.all(models.map(snapshotWeights));
      }
      state.epoch = epoch;
      state.history.push(report);
      await run.onEpoch(report, state, improved, optimisers);
      if (epoch - state.best.epoch >= run.params.patience) break;
    }
  } finally {
    optimisers.forEach((o) => o.dispose());
  }
  if (best && run.params.keep !== 'last') models.forEach((model, i) => restoreWeights(tf, model, best?.[i] ?? []));
  return state;
}
