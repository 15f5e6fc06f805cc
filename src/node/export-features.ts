/**
 * Node-only: writes a task's precomputed feature set (public/weights/features/<task>/, format in
 * public/weights/FORMAT.md): every film of the shipped model's train, validation and test splits through the SHIPPED
 * model's backbone (fine-tuned layers included), averaged over positions as `Classifier.readout` does, quantised to
 * 8 bits with a scale and offset fitted on the train split alone. Embeddings are cached by image hash under a key
 * that names the fine-tuned weights, so an interrupted run resumes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Classifier } from '../lib/model/core/classifier';
import { FeatureExtractor, featureKey, type FeatureSpec } from '../lib/model/core/features';
import type { HeadMeta } from '../lib/model/core/meta';
import type { Tf } from '../lib/model/core/runtime';
import { taskInfo, type TaskInfo } from '../lib/model/core/tasks';
import {
  FEATURE_SET_FORMAT,
  FEATURE_SPLITS,
  decodeRows,
  encodeRows,
  fitQuantisation,
  stepOf,
  type FeatureSetMeta,
  type FeatureSplit,
  type Quantisation,
} from '../lib/model/training/feature-set';
import { splitByPatient } from '../lib/model/training/split';
import { listDataset } from './dataset';
import { decodeImage } from './decode';
import { featuresThrough, type FeatureTable } from './feature-store';
import { currentCommit } from './git';
import { fileLoader } from './model-files';
import { PROJECT_ROOT, backboneModelJson } from './paths';
import { readRecipe } from './prereg';
import { readHeadMeta } from './ship';
import { countByClass, taskRecords, type LabelledRecord } from './task-data';

export interface ExportFeaturesOptions {
  headDir: string;
  dataRoot: string;
  outDir: string;
  cacheRoot?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** The validation rule the shipped model was trained with: its recipe's when pre-registered, else its seed. */
async function shippedValidationRule(meta: HeadMeta, task: TaskInfo): Promise<{ fraction: number; seed: number }> {
  if (meta.preregistration) return (await readRecipe(join(PROJECT_ROOT, meta.preregistration.file))).validation;
  return { fraction: task.dataset === 'oct' ? 0.25 : 0.15, seed: meta.training.seed };
}

/** The shipped model's splits, rebuilt exactly as training built them (patient-disjoint, from the train folder). */
async function shippedSplits(meta: HeadMeta, task: TaskInfo, dataRoot: string) {
  const rule = await shippedValidationRule(meta, task);
  const { train: pool, test } = taskRecords(await listDataset(dataRoot, task.dataset), task);
  const split = splitByPatient(
    pool.map((r) => ({ ...r, label: task.classes[r.classIndex] ?? '' })),
    rule.fraction,
    rule.seed,
  );
  return { rule, splits: { train: split.train, validation: split.validation, test } };
}

const patients = (records: readonly LabelledRecord[]): number => new Set(records.map((r) => r.patientId)).size;

async function weightsTag(headDir: string, meta: HeadMeta): Promise<string> {
  if (!meta.finetunedBackbone) return '';
  const bytes = await readFile(join(headDir, meta.finetunedBackbone.path.replace(/model\.json$/, 'weights.bin')));
  return `+finetuned-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}

/** The readout check: the exported vector of the first films equals `Classifier.readout`'s pooled vector. */
async function checkAgainstReadout(classifier: Classifier, table: FeatureTable, log: (line: string) => void) {
  let worst = 0;
  for (const row of table.rows.slice(0, 3)) {
    const image = await decodeImage(await readFile(row.record.path), row.record.relpath);
    const { pooled } = await classifier.readout(image);
    pooled.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (row.vector[i] as number)))));
  }
  if (!(worst < 1e-4)) throw new Error(`Exported features differ from Classifier.readout by ${worst}.`);
  log(`checked against Classifier.readout on 3 films: largest difference ${worst.toExponential(2)}`);
}

export async function exportFeatures(tf: Tf, options: ExportFeaturesOptions): Promise<FeatureSetMeta> {
  const { log } = options;
  const meta = await readHeadMeta(options.headDir);
  const task = taskInfo(meta.task);
  const { rule, splits } = await shippedSplits(meta, task, options.dataRoot);
  const records = FEATURE_SPLITS.flatMap((s) => splits[s]);
  log(`${task.id}: ${FEATURE_SPLITS.map((s) => `${splits[s].length} ${s}`).join(', ')} films (seed ${rule.seed})`);
  const classifier = await Classifier.load(tf, meta, {
    backbone: fileLoader(backboneModelJson(meta.feature.backbone)),
    head: fileLoader(join(options.headDir, 'model.json')),
    finetuned: meta.finetunedBackbone ? fileLoader(join(options.headDir, meta.finetunedBackbone.path)) : undefined,
  });
  let table: FeatureTable;
  try {
    const spec: FeatureSpec = { ...meta.feature, pooling: 'gap' };
    // Shares the classifier's (fine-tuned) layers; the classifier disposes them.
    const extractor = new FeatureExtractor(tf, classifier.features, spec);
    const key = `${featureKey(spec)}${await weightsTag(options.headDir, meta)}`;
    table = await featuresThrough(extractor, key, records, { cacheRoot: options.cacheRoot, signal: options.signal });
    if (options.signal?.aborted) throw new Error('Interrupted; rerun to resume from the cache.');
    await checkAgainstReadout(classifier, table, log);
  } finally {
    classifier.dispose();
  }
  return writeFeatureSet(meta, task, table, { ...options, rule, splits });
}

function sourceOf(model: HeadMeta, headDir: string): FeatureSetMeta['source'] {
  return {
    model: relative(PROJECT_ROOT, headDir),
    backbone: model.feature.backbone,
    layer: model.feature.layer,
    pooling: 'gap',
    finetuned: Boolean(model.finetunedBackbone),
    modelCommit: model.commit,
    exportCommit: currentCommit(),
    created: new Date().toISOString(),
  };
}

/** A split's codes, the largest decoding error, and how many values lay beyond the fitted range. */
function encodeSplit(rows: readonly Float32Array[], dimension: number, quantisation: Quantisation) {
  const codes = encodeRows(rows, dimension, quantisation);
  const decoded = decodeRows(codes, dimension, quantisation);
  let maxError = 0;
  let clamped = 0;
  rows.forEach((row, i) =>
    row.forEach((v, d) => {
      const error = Math.abs(v - (decoded[i * dimension + d] as number));
      maxError = Math.max(maxError, error);
      if (error > stepOf(quantisation, d) / 2 + 1e-6) clamped += 1;
    }),
  );
  return { codes, maxError, clamped };
}

async function writeFeatureSet(
  model: HeadMeta,
  task: TaskInfo,
  table: FeatureTable,
  options: ExportFeaturesOptions & {
    rule: { fraction: number; seed: number };
    splits: Record<FeatureSplit, LabelledRecord[]>;
  },
): Promise<FeatureSetMeta> {
  const dimension = table.shape.reduce((a, b) => a * b, 1);
  const vectorOf = new Map(table.rows.map((row) => [row.record.relpath, row.vector]));
  const read = (split: FeatureSplit) => options.splits[split].filter((r) => vectorOf.has(r.relpath));
  const rowsOf = (split: FeatureSplit) => read(split).map((r) => vectorOf.get(r.relpath) as Float32Array);
  const quantisation = fitQuantisation(rowsOf('train'), dimension, 'per-dimension');
  await mkdir(options.outDir, { recursive: true });
  let maxError = 0;
  const clamped = { train: 0, validation: 0, test: 0 };
  const splitInfo = {} as FeatureSetMeta['splits'];
  for (const split of FEATURE_SPLITS) {
    const encoded = encodeSplit(rowsOf(split), dimension, quantisation);
    maxError = Math.max(maxError, encoded.maxError);
    clamped[split] = encoded.clamped;
    await writeFile(join(options.outDir, `${split}.u8`), encoded.codes);
    const kept = read(split);
    splitInfo[split] = {
      file: `${split}.u8`,
      count: kept.length,
      labels: kept.map((r) => r.classIndex),
      countsByClass: countByClass(kept, task.classes),
    };
  }
  const out: FeatureSetMeta = {
    format: FEATURE_SET_FORMAT,
    task: task.id,
    classes: [...task.classes],
    dimension,
    quantisation: { ...quantisation, fittedOn: 'train', maxError: Math.fround(maxError), clamped },
    splits: splitInfo,
    source: sourceOf(model, options.headDir),
    validation: {
      fraction: options.rule.fraction,
      seed: options.rule.seed,
      rule: model.data.validationRule,
      patients: {
        train: patients(read('train')),
        validation: patients(read('validation')),
        test: patients(read('test')),
      },
    },
    unreadable: table.report.failed.map((f) => f.relpath),
  };
  await writeFile(join(options.outDir, 'features.json'), `${JSON.stringify(out)}\n`);
  options.log(
    `wrote ${options.outDir}: ${dimension} dimensions, largest quantisation error ${maxError.toExponential(2)}`,
  );
  return out;
}
