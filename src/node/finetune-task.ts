/**
 * Node-only: fine-tunes the top blocks of MobileNet v1 with a head for a task. The lower part's maps (clean and
 * augmented variants) are cached on disk; training checkpoints every epoch (weights, optimiser-free state) and
 * resumes from the last epoch. Validation patients are the same as the frozen head's (same seed and fraction).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import type { AugmentConfig } from '../lib/model/training/augment';
import { backboneInfo, loadBackbone, truncate } from '../lib/model/core/backbone';
import { metricSet } from '../lib/model/evaluation/evaluate';
import { applyFinetunedWeights } from '../lib/model/core/classifier';
import {
  finetune,
  upperModel,
  validate,
  type FinetuneOptimisers,
  type FinetuneParams,
  type FinetuneRun,
  type NamedTensorList,
  type FinetuneState,
  type MapSource,
} from '../lib/model/training/finetune';
import { buildHead, snapshotWeights } from '../lib/model/core/head';
import type { MetricSet } from '../lib/model/core/meta';
import { createRng, shuffleInPlace } from '../lib/model/core/rng';
import type { Tf } from '../lib/model/core/runtime';
import { splitByPatient } from '../lib/model/training/split';
import type { TaskInfo } from '../lib/model/core/tasks';
import { classWeights } from '../lib/model/training/train-head';
import { listDataset } from './dataset';
import { EmbeddingCache } from './embedding-cache';
import { cacheMaps } from './map-cache';
import { preparePixels, type ReadBytes } from './pixel-source';
import { startProgress, type Progress } from './progress';
import { fileLoader, fileSaver } from './model-files';
import { CACHE_ROOT, backboneModelJson } from './paths';
import { taskRecords, type LabelledRecord } from './task-data';

export interface FinetuneTaskOptions {
  task: TaskInfo;
  dataRoot: string;
  backbone: string;
  frozenLayer: string;
  /** Layers between frozenLayer and this one stay frozen too (maps are still cached at frozenLayer). */
  trainableFrom?: string;
  cutLayer: string;
  variants: number;
  augment: AugmentConfig;
  params: FinetuneParams;
  seed: number;
  validationFraction: number;
  runDir: string;
  /** A frozen-feature head on the same cut to start from (its meta.feature must match), or null. */
  initialHead: string | null;
  /** Lightbox's fine-tuned layers (a model.json) to put into the ImageNet backbone before training, by name. */
  initialLayers?: string;
  /** The validation split's seed, when it differs from the run's seed (to keep a shipped model's patients). */
  splitSeed?: number;
  /** Every scan read of the whole-backbone path goes through this (a test proves no test file is opened). */
  read?: ReadBytes;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface FinetuneOutcome {
  upper: tfc.LayersModel;
  /** Trained from the input layer up, on pixels augmented on the fly. */
  wholeBackbone: boolean;
  head: tfc.LayersModel;
  state: FinetuneState;
  validation: MetricSet;
  counts: { train: LabelledRecord[]; validation: LabelledRecord[]; test: LabelledRecord[] };
  unreadable: string[];
  dispose: () => void;
}

function mapSource(
  cache: EmbeddingCache,
  rows: { sha: string; label: number }[],
  shape: number[],
  variants: number,
  vectors: Map<string, Float32Array>,
): MapSource {
  return {
    count: rows.length,
    shape,
    labels: rows.map((r) => r.label),
    // Epoch e shows variant ((e + i) mod variants) of example i: every variant is seen, none twice in a row.
    map: (index, epoch) => {
      const row = rows[index] as { sha: string };
      const k = variants > 1 ? (epoch + index) % variants : 0;
      const vector = vectors.get(`${row.sha}#${k}`);
      if (!vector) throw new Error(`Map ${row.sha}#${k} missing from ${cache.directory}.`);
      return vector;
    },
  };
}

async function prepareMaps(
  tf: Tf,
  lower: tfc.LayersModel,
  options: FinetuneTaskOptions,
  train: LabelledRecord[],
  validation: LabelledRecord[],
) {
  const shape = (lower.outputs[0]?.shape ?? []).slice(1) as number[];
  const dimension = shape.reduce((a, b) => a * b, 1);
  const augmentKey = createHashKey(JSON.stringify({ ...options.augment, seed: options.seed }));
  const cache = await EmbeddingCache.open(
    join(CACHE_ROOT, 'maps', `${options.backbone}@${options.frozenLayer}@224@${augmentKey}`),
    dimension,
  );
  const input = backboneInfo(options.backbone).input;
  const jobs = [
    ...train.map((record) => ({ record, variants: options.variants })),
    ...validation.map((record) => ({ record, variants: 1 })),
  ];
  const report = await cacheMaps(tf, lower, input, cache, jobs, {
    seed: options.seed,
    augment: options.augment,
    label: 'frozen maps',
    signal: options.signal,
  });
  for (const failure of report.failed) options.log(`unreadable, left out: ${failure.relpath}: ${failure.reason}`);
  const vectors = new Map<string, Float32Array>();
  const rowsOf = (records: LabelledRecord[], variants: number) =>
    records
      .filter((r) => report.hashes.has(r.relpath))
      .map((r) => ({ sha: report.hashes.get(r.relpath) as string, label: r.classIndex, variants }));
  for (const row of [...rowsOf(train, options.variants), ...rowsOf(validation, 1)]) {
    for (let k = 0; k < row.variants; k++) vectors.set(`${row.sha}#${k}`, await cache.get(`${row.sha}#${k}`));
  }
  return {
    train: mapSource(cache, rowsOf(train, options.variants), shape, options.variants, vectors),
    validation: mapSource(cache, rowsOf(validation, 1), shape, 1, vectors),
    unreadable: report.failed.map((f) => f.relpath),
  };
}

async function pixelMaps(train: LabelledRecord[], validation: LabelledRecord[], options: FinetuneTaskOptions) {
  const pixels = await preparePixels(train, validation, backboneInfo(options.backbone).input, {
    seed: options.seed,
    augment: options.augment,
    variants: options.variants,
    signal: options.signal,
    read: options.read,
  });
  for (const failure of pixels.failed) options.log(`unreadable, left out: ${failure.relpath}: ${failure.reason}`);
  return { train: pixels.train, validation: pixels.validation, unreadable: pixels.failed.map((f) => f.relpath) };
}

function createHashKey(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return `aug${hash.toString(16)}`;
}

async function loadCheckpoint(tf: Tf, runDir: string, upper: tfc.LayersModel, head: tfc.LayersModel) {
  const statePath = join(runDir, 'state.json');
  if (!existsSync(statePath)) return { state: undefined, bestWeights: undefined };
  const state = JSON.parse(await readFile(statePath, 'utf8')) as FinetuneState;
  const load = async (name: string, target: tfc.LayersModel) => {
    const saved = await tf.loadLayersModel(fileLoader(join(runDir, name, 'model.json')));
    target.setWeights(saved.getWeights());
    const snapshot = await snapshotWeights(saved);
    saved.dispose();
    return snapshot;
  };
  const bestWeights = [await load('best-upper', upper), await load('best-head', head)];
  await load('last-upper', upper);
  await load('last-head', head);
  const optimiserState = existsSync(join(runDir, 'optimisers.json')) ? await loadOptimisers(tf, runDir) : undefined;
  return { state, bestWeights, optimiserState };
}

/** Adam's moments and step count, so a resumed run continues the same optimisation (older checkpoints lack them). */
async function saveOptimisers(tf: Tf, runDir: string, optimisers: FinetuneOptimisers): Promise<void> {
  const groups = await Promise.all(
    optimisers.map(async (o) => {
      const weights = await o.getWeights();
      const encoded = await tf.io.encodeWeights(weights);
      // getWeights returns Adam's own moment variables (still in use) plus a fresh step-count scalar: free only that.
      weights.filter((w) => !(w.tensor instanceof tf.Variable)).forEach((w) => w.tensor.dispose());
      return encoded;
    }),
  );
  const bin = Buffer.concat(groups.map((g) => Buffer.from(g.data as ArrayBuffer)));
  await writeFile(join(runDir, 'optimisers.bin'), bin);
  await writeFile(
    join(runDir, 'optimisers.json'),
    JSON.stringify(groups.map((g) => ({ specs: g.specs, bytes: (g.data as ArrayBuffer).byteLength }))),
  );
}

async function loadOptimisers(tf: Tf, runDir: string): Promise<[NamedTensorList, NamedTensorList]> {
  const index = JSON.parse(await readFile(join(runDir, 'optimisers.json'), 'utf8')) as {
    specs: tfc.io.WeightsManifestEntry[];
    bytes: number;
  }[];
  const bin = await readFile(join(runDir, 'optimisers.bin'));
  let offset = 0;
  const groups = index.map((group) => {
    const data = bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + group.bytes);
    offset += group.bytes;
    const map = tf.io.decodeWeights(data, group.specs);
    return group.specs.map((spec) => ({ name: spec.name, tensor: map[spec.name] as tfc.Tensor }));
  });
  return [groups[0] ?? [], groups[1] ?? []];
}

async function saveCheckpoint(
  tf: Tf,
  runDir: string,
  upper: tfc.LayersModel,
  head: tfc.LayersModel,
  state: FinetuneState,
  improved: boolean,
  optimisers: FinetuneOptimisers,
) {
  await upper.save(fileSaver(join(runDir, 'last-upper')));
  await head.save(fileSaver(join(runDir, 'last-head')));
  await saveOptimisers(tf, runDir, optimisers);
  if (improved) {
    await upper.save(fileSaver(join(runDir, 'best-upper')));
    await head.save(fileSaver(join(runDir, 'best-head')));
  }
  await writeFile(join(runDir, 'state.json'), `${JSON.stringify(state, null, 1)}\n`);
}

/** The task's training pool split by patient into train and validation; the test split is listed, never read. */
async function splitTask(options: FinetuneTaskOptions) {
  const { task } = options;
  const listing = await listDataset(options.dataRoot, task.dataset);
  const { train: pool, test } = taskRecords(listing, task);
  const split = splitByPatient(
    pool.map((r) => ({ ...r, label: task.classes[r.classIndex] ?? '' })),
    options.validationFraction,
    options.splitSeed ?? options.seed,
  );
  options.log(
    `${task.id}: fine-tuning on ${split.train.length} training images (${options.variants} variants each), ` +
      `${split.validation.length} validation images; the ${test.length} test images are not read.`,
  );
  return { train: split.train, validation: split.validation, test };
}

/** The ImageNet backbone, with Lightbox's fine-tuned layers put in when options.initialLayers names them. */
async function startBackbone(tf: Tf, options: FinetuneTaskOptions): Promise<tfc.LayersModel> {
  const backbone = await loadBackbone(tf, fileLoader(backboneModelJson(options.backbone)));
  if (options.initialLayers) {
    const tuned = await tf.loadLayersModel(fileLoader(options.initialLayers));
    options.log(
      `starting from ${applyFinetunedWeights(backbone, tuned).length} fine-tuned layers (${options.initialLayers})`,
    );
    tuned.dispose();
  }
  return backbone;
}

/** Training and validation examples: cached maps at the frozen layer, or pixels augmented on the fly from the input. */
async function trainingMaps(
  tf: Tf,
  backbone: tfc.LayersModel,
  options: FinetuneTaskOptions,
  split: { train: LabelledRecord[]; validation: LabelledRecord[] },
) {
  // From the input layer up, nothing can be cached: pixels are augmented on the fly instead.
  const wholeBackbone = options.frozenLayer === backbone.layers[0]?.name;
  const maps = wholeBackbone
    ? await pixelMaps(split.train, split.validation, options)
    : await prepareMaps(tf, truncate(tf, backbone, options.frozenLayer), options, split.train, split.validation);
  if (wholeBackbone)
    options.log(
      `whole backbone: ${maps.train.count} training scans augmented on the fly, ${maps.validation.count} validation scans.`,
    );
  return { maps, wholeBackbone };
}

/** The head to start from: options.initialHead's, or a fresh linear head on the upper part's channels. */
async function startHead(tf: Tf, options: FinetuneTaskOptions, upper: tfc.LayersModel): Promise<tfc.LayersModel> {
  return options.initialHead
    ? await tf.loadLayersModel(fileLoader(join(options.initialHead, 'model.json')))
    : buildHead(
        tf,
        [(upper.outputs[0]?.shape ?? [])[3] as number],
        options.task.classes.length,
        { kind: 'linear', hidden: 0, dropout: 0, l2: 0 },
        options.seed,
      );
}

/** A progress bar per epoch and, after each epoch, a checkpoint and a log line. */
function epochCallbacks(
  tf: Tf,
  options: FinetuneTaskOptions,
  models: { upper: tfc.LayersModel; head: tfc.LayersModel },
  firstEpoch: number,
): Pick<FinetuneRun, 'onBatch' | 'onEpoch'> {
  let progress: Progress | null = null;
  let epochsLogged = 0;
  return {
    // A bar per epoch (examples done, rate, ETA): a whole-backbone epoch takes minutes.
    onBatch: (done, total) => {
      progress ??= startProgress(`epoch ${firstEpoch + epochsLogged}`, total);
      progress.update(done);
      if (done === total) {
        progress.stop();
        progress = null;
      }
    },
    onEpoch: async (r, s, improved, optimisers) => {
      epochsLogged++;
      await saveCheckpoint(tf, options.runDir, models.upper, models.head, s, improved, optimisers);
      options.log(
        `epoch ${r.epoch}: train ${r.trainLoss.toFixed(4)}, validation ${r.validationLoss.toFixed(4)} ` +
          `(acc ${(r.validationAccuracy * 100).toFixed(1)} %), ${r.seconds.toFixed(0)} s${improved ? ' (best so far)' : ''}`,
      );
    },
  };
}

export async function finetuneTask(tf: Tf, options: FinetuneTaskOptions): Promise<FinetuneOutcome> {
  const { task, log } = options;
  if (options.read && options.frozenLayer !== 'input_1')
    throw new Error('options.read applies to whole-backbone runs only.');
  const split = await splitTask(options);
  const backbone = await startBackbone(tf, options);
  const { maps, wholeBackbone } = await trainingMaps(tf, backbone, options, split);
  const upper = upperModel(tf, backbone, options.frozenLayer, options.cutLayer, options.trainableFrom);
  const head = await startHead(tf, options, upper);
  await mkdir(options.runDir, { recursive: true });
  const resumed = await loadCheckpoint(tf, options.runDir, upper, head);
  if (resumed.state) log(`resuming after epoch ${resumed.state.epoch} (best ${resumed.state.best.epoch})`);
  const weights = classWeights(maps.train.labels, task.classes.length);
  const state = await finetune(tf, {
    upper,
    head,
    train: maps.train,
    validation: maps.validation,
    classes: task.classes.length,
    classWeights: weights,
    params: options.params,
    state: resumed.state,
    bestWeights: resumed.bestWeights,
    optimiserState: resumed.optimiserState,
    signal: options.signal,
    order: (epoch, n) =>
      shuffleInPlace(
        Array.from({ length: n }, (_, i) => i),
        createRng(options.seed * 1000 + epoch),
      ),
    ...epochCallbacks(tf, options, { upper, head }, (resumed.state?.epoch ?? 0) + 1),
  });
  const v = await validate(tf, {
    upper,
    head,
    validation: maps.validation,
    classes: task.classes.length,
    classWeights: weights,
  });
  return {
    upper,
    head,
    state,
    wholeBackbone,
    validation: metricSet(task, v.probabilities, maps.validation.labels),
    counts: { train: split.train, validation: split.validation, test: split.test },
    unreadable: maps.unreadable,
    dispose: () => {
      head.dispose();
      backbone.dispose();
    },
  };
}
