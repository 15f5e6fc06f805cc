/**
 * The reader's own head, trained in the page (Teachable Machine's recipe): each example runs once through the
 * shipped classifier's backbone (with Lightbox's fine-tuned layers when those ship), pooled to one vector; a linear
 * softmax head then trains on the vectors in seconds. Framework-free: the widget and the Node tests share it.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Classifier } from '../core/classifier';
import { buildHead, predictFeatures } from '../core/head';
import type { HeadMeta } from '../core/meta';
import { argmax, confusionMatrix } from '../evaluation/metrics';
import type { RawImage } from '../core/preprocess';
import { createRng, shuffleInPlace } from '../core/rng';
import type { Tf } from '../core/runtime';
import { trainHead, type EpochReport, type TrainHeadResult, type TrainingParameters } from './train-head';

const READER_HEAD_FORMAT = 'lightbox-reader-head/1';

/**
 * Fewer than this per class cannot teach a boundary and keep one example aside to judge it; the widget says so
 * instead of training.
 */
export const MIN_EXAMPLES_PER_CLASS = 3;

/**
 * Tens of examples, not thousands: small batches and a higher learning rate than the CLI's. The recipe chapter 6
 * teaches: a quarter of each class's examples (at least one) is held out for validation, and early stopping watches
 * the validation loss, keeping the best epoch's weights. L2 keeps the weights from racing.
 */
const READER_TRAINING: TrainingParameters = { epochs: 60, batchSize: 16, learningRate: 3e-3, patience: 8 };
const READER_VALIDATION_FRACTION = 0.25;

/**
 * The reader's examples split into training and validation, per class, seeded. By example, not by patient: a reader's
 * files carry no patient ids, so two films of one patient can land on both sides (the widget says so).
 */
export function splitReaderExamples<T extends Pick<ReaderExample, 'classIndex'>>(
  examples: readonly T[],
  seed: number,
): { train: T[]; validation: T[] } {
  const rng = createRng(seed);
  const classes = [...new Set(examples.map((e) => e.classIndex))].sort((a, b) => a - b);
  const train: T[] = [];
  const validation: T[] = [];
  for (const classIndex of classes) {
    const own = shuffleInPlace(
      examples.filter((e) => e.classIndex === classIndex),
      rng,
    );
    const held = own.length < 2 ? 0 : Math.max(1, Math.round(own.length * READER_VALIDATION_FRACTION));
    validation.push(...own.slice(0, held));
    train.push(...own.slice(held));
  }
  return { train, validation };
}

export interface ReaderExample {
  /** Stable per example: a gallery scan id or file name plus a counter. */
  key: string;
  classIndex: number;
  feature: Float32Array;
}

/** What is saved beside the reader's head: enough to refuse it on a backbone it was not trained on. */
export interface ReaderHeadInfo {
  format: typeof READER_HEAD_FORMAT;
  task: string;
  classes: string[];
  /** Pooled output of this backbone layer; the signature changes when the shipped backbone does. */
  feature: { backbone: string; layer: string; pooling: 'gap' };
  backboneSignature: string;
  examplesPerClass: number[];
  trainedAt: string;
  epochsRun: number;
  bestEpoch: number;
  /** The validation loss at the best epoch (the training loss for heads saved before validation was kept). */
  bestLoss: number;
  seed: number;
  /** Validation examples held out per class (absent in heads saved before validation was kept). */
  validationPerClass?: number[];
}

export class NotEnoughExamplesError extends Error {}
export class ReaderHeadMismatchError extends Error {}

/** The backbone the features come from: its id and cut, plus which fine-tuned weights (if any) were swapped in. */
export function backboneSignature(meta: HeadMeta): string {
  const tuned = meta.finetunedBackbone ? `+finetuned(${meta.task}@${meta.created})` : '';
  return `${meta.feature.backbone}@${meta.feature.layer}${tuned}`;
}

export function countPerClass(examples: readonly Pick<ReaderExample, 'classIndex'>[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const example of examples) counts[example.classIndex] = (counts[example.classIndex] ?? 0) + 1;
  return counts;
}

/** Null when every class has enough examples; otherwise what is missing, in words. */
export function missingExamples(counts: readonly number[], classes: readonly string[]): string | null {
  const short = classes.filter((_, i) => (counts[i] ?? 0) < MIN_EXAMPLES_PER_CLASS);
  if (short.length === 0) return null;
  return `Add at least ${MIN_EXAMPLES_PER_CLASS} examples of ${short.join(' and ')} (now ${short.map((c) => counts[classes.indexOf(c)] ?? 0).join(' and ')}).`;
}

/** The classifier's feature map for one image, averaged over positions: one vector per image (one backbone pass). */
export async function pooledFeature(classifier: Classifier, image: RawImage): Promise<Float32Array> {
  return (await classifier.readout(image)).pooled;
}

export interface TrainReaderOptions {
  seed: number;
  params?: Partial<TrainingParameters>;
  onProgress?: (report: EpochReport) => void;
  signal?: AbortSignal;
  yieldEvery?: () => Promise<void>;
}

export interface ReaderTraining {
  /** Null when cancelled (the partly trained head is disposed: a head the reader stopped is not kept). */
  head: tfc.LayersModel | null;
  info: ReaderHeadInfo | null;
  result: TrainHeadResult;
}

export async function trainReaderHead(
  tf: Tf,
  meta: HeadMeta,
  examples: readonly ReaderExample[],
  options: TrainReaderOptions,
): Promise<ReaderTraining> {
  const classes = [...meta.classes];
  const counts = countPerClass(examples, classes.length);
  const missing = missingExamples(counts, classes);
  if (missing) throw new NotEnoughExamplesError(missing);
  const dimension = examples[0]?.feature.length ?? 0;
  const params = { ...READER_TRAINING, ...options.params };
  const head = buildHead(
    tf,
    [dimension],
    classes.length,
    { kind: 'linear', hidden: 0, dropout: 0, l2: 1e-3 },
    options.seed,
  );
  const split = splitReaderExamples(examples, options.seed);
  const asData = (set: readonly ReaderExample[]) => ({
    features: set.map((e) => e.feature),
    labels: set.map((e) => e.classIndex),
    shape: [dimension],
  });
  let result: TrainHeadResult;
  try {
    result = await trainHead(tf, head, asData(split.train), asData(split.validation), {
      ...options,
      params,
      classes: classes.length,
    });
  } catch (error) {
    head.dispose();
    throw error;
  }
  if (result.cancelled) {
    head.dispose();
    return { head: null, info: null, result };
  }
  const best = result.history.find((h) => h.epoch === result.bestEpoch);
  const info: ReaderHeadInfo = {
    format: READER_HEAD_FORMAT,
    task: meta.task,
    classes,
    feature: { backbone: meta.feature.backbone, layer: meta.feature.layer, pooling: 'gap' },
    backboneSignature: backboneSignature(meta),
    examplesPerClass: counts,
    trainedAt: new Date().toISOString(),
    epochsRun: result.history.length,
    bestEpoch: result.bestEpoch,
    bestLoss: best?.validationLoss ?? Number.NaN,
    seed: options.seed,
    validationPerClass: countPerClass(split.validation, classes.length),
  };
  return { head, info, result };
}

/** Checks saved info against the page's model: same format, task, classes and backbone, or a clear reason. */
export function checkReaderHead(json: unknown, meta: HeadMeta): ReaderHeadInfo {
  const info = json as Partial<ReaderHeadInfo> | null;
  if (!info || info.format !== READER_HEAD_FORMAT)
    throw new ReaderHeadMismatchError('The saved head is not a Lightbox reader head.');
  if (info.task !== meta.task || JSON.stringify(info.classes) !== JSON.stringify(meta.classes)) {
    throw new ReaderHeadMismatchError(
      `The saved head was trained for ${String(info.task)} (${info.classes?.join(', ')}), not ${meta.task}.`,
    );
  }
  if (info.backboneSignature !== backboneSignature(meta)) {
    throw new ReaderHeadMismatchError(
      'The saved head was trained on another version of the backbone; its features no longer match. Train it again.',
    );
  }
  return info as ReaderHeadInfo;
}

interface ScanVerdict {
  truth: number;
  predicted: number;
  probabilities: Float32Array;
}

export interface HeadScore {
  correct: number;
  total: number;
  confusion: number[][];
  verdicts: ScanVerdict[];
}

/** How a head calls held-out scans whose true class is known. */
export async function scoreHead(
  tf: Tf,
  head: tfc.LayersModel,
  features: readonly Float32Array[],
  truth: readonly number[],
  classes: number,
): Promise<HeadScore> {
  const dimension = features[0]?.length ?? 0;
  return scoreProbabilities(
    features.length ? await predictFeatures(tf, head, features, [dimension]) : [],
    truth,
    classes,
  );
}

/** The same score from probabilities computed elsewhere (the shipped classifier, from pixels). */
export function scoreProbabilities(
  probabilities: readonly Float32Array[],
  truth: readonly number[],
  classes: number,
): HeadScore {
  const verdicts = probabilities.map((p, i) => ({ truth: truth[i] as number, predicted: argmax(p), probabilities: p }));
  return {
    correct: verdicts.filter((v) => v.truth === v.predicted).length,
    total: verdicts.length,
    confusion: confusionMatrix(
      truth,
      verdicts.map((v) => v.predicted),
      classes,
    ),
    verdicts,
  };
}
