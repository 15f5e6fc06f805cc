/**
 * Node-only: trains a task's head end to end — list, split by patient, embed (cached), train every candidate,
 * choose by validation, save the chosen head with its meta.json. Resumable: finished candidates are kept in
 * the run folder and not trained again; embeddings are reused from the cache.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildHead, predictFeatures } from '../lib/model/core/head';
import type { CandidateResult, HeadMeta } from '../lib/model/core/meta';
import { HEAD_FORMAT } from '../lib/model/core/meta';
import { metricSet } from '../lib/model/evaluation/evaluate';
import { inputSpecFor } from '../lib/model/core/features';
import type { Tf } from '../lib/model/core/runtime';
import { splitByPatient } from '../lib/model/training/split';
import type { TaskInfo } from '../lib/model/core/tasks';
import {
  trainHead,
  type EpochReport,
  type LabelledFeatures,
  type TrainingParameters,
  DEFAULT_TRAINING,
} from '../lib/model/training/train-head';
import { SELECTION_RULE, chooseCandidate, type Candidate } from './candidates';
import { listDataset } from './dataset';
import { featuresFor } from './feature-store';
import { fileLoader, fileSaver } from './model-files';
import { countByClass, labelledFeatures, taskRecords, type LabelledRecord } from './task-data';

export interface TrainTaskOptions {
  task: TaskInfo;
  dataRoot: string;
  candidates: readonly Candidate[];
  outDir: string;
  runDir: string;
  seed: number;
  validationFraction: number;
  params?: Partial<TrainingParameters>;
  commit: string;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Embedding cache folder (default .cache/embeddings). */
  cacheRoot?: string;
}

export async function trainTask(tf: Tf, options: TrainTaskOptions): Promise<HeadMeta> {
  const { task, log } = options;
  const listing = await listDataset(options.dataRoot, task.dataset);
  for (const skip of listing.skipped.slice(0, 20)) log(`skipped ${skip.path}: ${skip.reason}`);
  if (listing.skipped.length > 20) log(`… and ${listing.skipped.length - 20} more skipped`);
  const { train: pool, test } = taskRecords(listing, task);
  const split = splitByPatient(
    pool.map((r) => ({ ...r, label: task.classes[r.classIndex] ?? '' })),
    options.validationFraction,
    options.seed,
  );
  log(
    `${task.id}: ${split.train.length} training and ${split.validation.length} validation images ` +
      `(patient-disjoint, from the train folder); ${test.length} test images left untouched.`,
  );
  await mkdir(options.runDir, { recursive: true });
  const resultsPath = join(options.runDir, 'candidates.json');
  const results: CandidateResult[] = existsSync(resultsPath)
    ? (JSON.parse(await readFile(resultsPath, 'utf8')) as CandidateResult[])
    : [];
  const unreadable = new Set<string>();
  for (const candidate of options.candidates) {
    if (
      results.some((r) => r.name === candidate.name) &&
      existsSync(join(options.runDir, candidate.name, 'model.json'))
    ) {
      log(`${candidate.name}: already trained in ${options.runDir}, reused.`);
      continue;
    }
    const result = await trainCandidate(tf, candidate, split.train, split.validation, options, unreadable);
    results.push(result);
    await writeFile(resultsPath, `${JSON.stringify(results, null, 1)}\n`);
    if (options.signal?.aborted) throw new Error('Interrupted; run again to resume.');
  }
  const considered = results.filter((r) => options.candidates.some((c) => c.name === r.name));
  const chosen = chooseCandidate(considered);
  log(`chosen by validation: ${chosen.name} (validation loss ${chosen.validationLoss.toFixed(4)})`);
  await rm(options.outDir, { recursive: true, force: true });
  await mkdir(options.outDir, { recursive: true });
  for (const file of ['model.json', 'weights.bin'])
    await cp(join(options.runDir, chosen.name, file), join(options.outDir, file));
  const meta = buildMeta(options, chosen, considered, {
    listing,
    train: split.train,
    validation: split.validation,
    test,
    unreadable,
  });
  await writeFile(join(options.outDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  return meta;
}

/** A candidate's features (embedded or cached) split into its training and validation sets. */
async function candidateData(
  tf: Tf,
  candidate: Candidate,
  train: LabelledRecord[],
  validation: LabelledRecord[],
  options: TrainTaskOptions,
  unreadable: Set<string>,
): Promise<{ shape: readonly number[]; trainData: LabelledFeatures; validationData: LabelledFeatures }> {
  const classIndex = new Map([...train, ...validation].map((r) => [r.relpath, r.classIndex]));
  const table = await featuresFor(tf, candidate.feature, [...train, ...validation], {
    signal: options.signal,
    cacheRoot: options.cacheRoot,
  });
  for (const failure of table.report.failed) {
    unreadable.add(failure.relpath);
    options.log(`unreadable, left out: ${failure.relpath}: ${failure.reason}`);
  }
  const validationSet = new Set(validation.map((r) => r.relpath));
  const all = labelledFeatures(table, (record) => classIndex.get(record.relpath) ?? -1);
  const pick = (inValidation: boolean): LabelledFeatures => {
    const idx = table.rows
      .map((row, i) => (validationSet.has(row.record.relpath) === inValidation ? i : -1))
      .filter((i) => i >= 0);
    return {
      features: idx.map((i) => all.features[i] as Float32Array),
      labels: idx.map((i) => all.labels[i] as number),
      shape: all.shape,
    };
  };
  return { shape: table.shape, trainData: pick(false), validationData: pick(true) };
}

function epochLine(candidate: Candidate, e: EpochReport): string {
  return (
    `${candidate.name} epoch ${e.epoch}/${e.epochs}: train ${e.trainLoss.toFixed(4)}, ` +
    `validation ${e.validationLoss?.toFixed(4)} (acc ${((e.validationAccuracy ?? 0) * 100).toFixed(1)} %), ${e.seconds.toFixed(1)} s`
  );
}

async function trainCandidate(
  tf: Tf,
  candidate: Candidate,
  train: LabelledRecord[],
  validation: LabelledRecord[],
  options: TrainTaskOptions,
  unreadable: Set<string>,
): Promise<CandidateResult> {
  const { task, log } = options;
  const data = await candidateData(tf, candidate, train, validation, options, unreadable);
  const { trainData, validationData } = data;
  const head = buildHead(tf, data.shape, task.classes.length, candidate.head, options.seed);
  const started = performance.now();
  const outcome = await trainHead(tf, head, trainData, validationData, {
    params: options.params,
    seed: options.seed,
    classes: task.classes.length,
    signal: options.signal,
    onProgress: (e) => log(epochLine(candidate, e)),
  });
  const probabilities = await predictFeatures(tf, head, validationData.features, validationData.shape);
  const bestLoss = outcome.history.find((h) => h.epoch === outcome.bestEpoch)?.validationLoss ?? Number.NaN;
  await head.save(fileSaver(join(options.runDir, candidate.name)));
  const result: CandidateResult = {
    name: candidate.name,
    feature: candidate.feature,
    head: candidate.head,
    bestEpoch: outcome.bestEpoch,
    validationLoss: bestLoss,
    validation: metricSet(task, probabilities, validationData.labels),
    headParams: head.countParams(),
    trainSeconds: (performance.now() - started) / 1000,
  };
  head.dispose();
  log(
    `${candidate.name}: best epoch ${result.bestEpoch}, validation loss ${bestLoss.toFixed(4)}, ` +
      `accuracy ${(result.validation.accuracy.value * 100).toFixed(1)} %`,
  );
  return result;
}

interface SplitCounts {
  listing: Awaited<ReturnType<typeof listDataset>>;
  train: LabelledRecord[];
  validation: LabelledRecord[];
  test: LabelledRecord[];
  unreadable: Set<string>;
}

function buildMeta(
  options: TrainTaskOptions,
  chosen: CandidateResult,
  results: CandidateResult[],
  data: SplitCounts,
): HeadMeta {
  const { task } = options;
  const patients = (records: LabelledRecord[]): number => new Set(records.map((r) => r.patientId)).size;
  const params = { ...DEFAULT_TRAINING, ...options.params };
  return {
    format: HEAD_FORMAT,
    task: task.id,
    title: task.title,
    classes: [...task.classes],
    positive: [...task.positive],
    feature: chosen.feature,
    input: inputSpecFor(chosen.feature),
    finetunedBackbone: null,
    head: chosen.head,
    training: { ...params, seed: options.seed, bestEpoch: chosen.bestEpoch, classWeighting: 'inverse class frequency' },
    threshold: { value: 0.5, rule: 'argmax of the class-weighted head (0.5 for two classes); not tuned on any split' },
    data: {
      source:
        data.listing.layout === 'manifest'
          ? 'Kermany et al. 2018 (CC BY 4.0), local copy with per-image provenance in MANIFEST.tsv'
          : 'Kermany et al. 2018 (CC BY 4.0), official folder layout (Mendeley Data doi:10.17632/rscbjbr9sj)',
      layout: data.listing.layout,
      validationRule: `${Math.round(options.validationFraction * 100)} % of the TRAIN folder's patients per class (seed ${options.seed}), patient-disjoint`,
      counts: {
        train: countByClass(data.train, task.classes),
        validation: countByClass(data.validation, task.classes),
        test: countByClass(data.test, task.classes),
      },
      patients: { train: patients(data.train), validation: patients(data.validation), test: patients(data.test) },
      skipped: data.listing.skipped.length,
      unreadable: [...data.unreadable],
    },
    selection: { rule: SELECTION_RULE, chosen: chosen.name, candidates: results },
    metrics: { validation: chosen.validation, test: null },
    reference: null,
    notice: null,
    created: new Date().toISOString(),
    commit: options.commit,
  };
}

/** Loads a saved head (Node). */
export async function loadHeadFromDir(tf: Tf, dir: string) {
  return tf.loadLayersModel(fileLoader(join(dir, 'model.json')));
}
