/**
 * meta.json: everything a head needs to be used and judged, written by the training CLI and read by the widgets
 * and the model-card page. Its format is documented in public/weights/FORMAT.md.
 */
import type { FeatureSpec } from './features';
import type { FinetuneParams } from '../training/finetune';
import type { HeadConfig } from './head';
import type { Estimate } from '../evaluation/metrics';
import type { McNemar } from '../evaluation/paired';
import type { InputSpec } from './preprocess';
import type { ReferenceResult } from '../evaluation/reference';
import type { TaskId } from './tasks';
import type { TrainingParameters } from '../training/train-head';

export const HEAD_FORMAT = 'lightbox-head/1';

export interface MetricSet {
  n: number;
  accuracy: Estimate;
  /** Binary tasks, and OCT's urgent-referral (CNV or DME) view. */
  sensitivity?: Estimate;
  specificity?: Estimate;
  auc?: Estimate;
  /** Binary tasks: the ROC point with the best specificity at sensitivity ≥ 93 % (Kermany's), a reading, not a threshold. */
  atSensitivity?: { minSensitivity: number; sensitivity: Estimate; specificity: Estimate; threshold: number } | null;
  /** OCT only. */
  urgentAuc?: Estimate;
  weightedError?: number;
  /** confusion[t][p], rows and columns in `classes` order. */
  confusion: number[][];
}

export interface CandidateResult {
  name: string;
  feature: FeatureSpec;
  head: HeadConfig;
  bestEpoch: number;
  validationLoss: number;
  validation: MetricSet;
  headParams: number;
  trainSeconds: number;
}

/** One fine-tuning run of a sweep, as the model card lists it. */
export interface SweepRun {
  run: string;
  start: string;
  frozenLayer: string;
  trainableFrom: string | null;
  trainedLayers: number;
  headLearningRate: number;
  backboneLearningRate: number;
  variants: number;
  bestEpoch: number;
  epochsRun: number;
  validationLoss: number;
  validationAccuracy: number;
  seconds: number;
}

export interface HeadMeta {
  format: typeof HEAD_FORMAT;
  task: TaskId;
  title: string;
  classes: string[];
  positive: string[];
  feature: FeatureSpec;
  input: InputSpec;
  /** Null while the backbone is ImageNet's, frozen; set when Lightbox fine-tuned layers of it. */
  finetunedBackbone: { path: string; layers: string[] } | null;
  head: HeadConfig;
  training: TrainingParameters & { seed: number; bestEpoch: number; classWeighting: string };
  threshold: { value: number; rule: string };
  data: {
    source: string;
    layout: 'manifest' | 'official';
    validationRule: string;
    counts: Record<'train' | 'validation' | 'test', Record<string, number>>;
    patients: Record<'train' | 'validation' | 'test', number>;
    skipped: number;
    unreadable: string[];
  };
  selection: { rule: string; chosen: string; candidates: CandidateResult[] };
  metrics: { validation: MetricSet; test: MetricSet | null };
  reference: ReferenceResult | null;
  /** For a fine-tuned head: the frozen-feature head it is compared with, its metrics as shipped before. */
  baseline?: { name: string; feature: FeatureSpec; validation: MetricSet; test: MetricSet | null };
  /** For a task whose backbone was fine-tuned in a sweep: every run, its validation loss, and what the rule decided. */
  sweep?: { rule: string; frozenValidationLoss: number; decision: string; shipped: string | null; runs: SweepRun[] };
  /** Models tried after the selection rule was fixed and not shipped by it, scored on test only for the record. */
  trials?: { name: string; decision: string; validation: MetricSet; test: MetricSet | null }[];
  /** For a fine-tuned head: how the top blocks were trained. */
  finetuning?: {
    frozenLayer: string;
    /** The first trained layer above frozenLayer (older metas: the layer right after it). */
    trainableFrom?: string;
    params: FinetuneParams;
    bestEpoch: number;
    epochsRun: number;
    augment: Record<string, number>;
    variants: number;
    /** True when the whole backbone trained: a fresh augmentation per epoch, not variants cached in advance. */
    augmentedOnTheFly?: boolean;
    batchNorm: string;
    history: {
      epoch: number;
      trainLoss: number;
      validationLoss: number;
      validationAccuracy: number;
      seconds: number;
    }[];
  };
  /** A model shipped by a pre-registered experiment: the recipe's commit, its rule and what it decided. */
  preregistration?: {
    file: string;
    commit: string;
    rule: string;
    decision: { ship: boolean; reason: string };
    referenceValidationAuc: number;
    weightChange: { layer: string; relative: number; parameters: number }[];
    peakRssMb: number;
  };
  /** A pre-registered experiment whose rule did not ship its model: its record, kept beside this model. */
  preregisteredTrial?: PreregisteredTrial;
  /** The model this one replaced, as it was scored, and McNemar's paired test of the two on the test split. */
  previous?: {
    name: string;
    commit: string;
    validation: MetricSet;
    test: MetricSet | null;
    /** Its decision threshold, when it differs from this head's. */
    threshold?: number;
    mcnemar?: McNemar & { n: number };
  };
  notice: string | null;
  created: string;
  commit: string;
}

/** What a card reports of a pre-registered experiment, shipped or not. */
export interface PreregisteredTrial {
  name: string;
  preregistration: NonNullable<HeadMeta['preregistration']>;
  finetuning: NonNullable<HeadMeta['finetuning']>;
  validation: MetricSet;
  test: MetricSet | null;
  previous: NonNullable<HeadMeta['previous']>;
}

class MetaFormatError extends Error {}

/** Checks the fields the widgets rely on, with a message that says which one is wrong. */
export function parseHeadMeta(json: unknown): HeadMeta {
  const meta = json as Partial<HeadMeta> | null;
  if (!meta || typeof meta !== 'object') throw new MetaFormatError('meta.json is not an object.');
  if (meta.format !== HEAD_FORMAT)
    throw new MetaFormatError(`meta.json format is "${String(meta.format)}", expected "${HEAD_FORMAT}".`);
  if (!Array.isArray(meta.classes) || meta.classes.length < 2)
    throw new MetaFormatError('meta.json needs at least 2 classes.');
  if (!meta.feature?.backbone || !meta.feature.layer) throw new MetaFormatError('meta.json names no backbone layer.');
  if (!meta.input || !(meta.input.size > 0)) throw new MetaFormatError('meta.json has no input size.');
  return meta as HeadMeta;
}
