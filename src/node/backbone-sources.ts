/**
 * Where each ImageNet backbone officially lives, and what a copy must match. The URLs are the ones Google's own
 * loaders fetch (Teachable Machine's @teachablemachine/image `custom-mobilenet.ts`, version 1 alpha 0.25 and version 2
 * alpha 0.35; the v1 one is also tfjs-examples' transfer-learning base); the per-tensor checksums were computed from
 * the verified copies in ../shared (see each SOURCE.md) and are committed in backbones/tensor-checksums.tsv.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js';
import { parseChecksumTable, type TensorChecksum } from './weights-checksum';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'backbones');
export const CHECKSUM_TABLE = join(HERE, 'tensor-checksums.tsv');
/**
 * ImageNet's class names in index order, as {"labels": [...]}: tfjs-models' IMAGENET_CLASSES (Apache-2.0, from the
 * npm registry), which equal ../shared's imagenet_labels.json label for label. Generated at setup, never committed.
 */
export function imagenetLabelsJson(): string {
  const classes = IMAGENET_CLASSES as Record<number, string>;
  const labels = Array.from({ length: 1000 }, (_, i) => classes[i]);
  if (labels.some((label) => typeof label !== 'string'))
    throw new Error('tfjs-models lists fewer than 1000 ImageNet classes.');
  return JSON.stringify({ labels });
}

/** The host every official URL starts with; `--mirror` replaces exactly this prefix. */
export const OFFICIAL_PREFIX = 'https://storage.googleapis.com/';

const OFFICIAL_MODEL_URLS: Readonly<Record<string, string>> = {
  'mobilenet_v1_0.25_224': `${OFFICIAL_PREFIX}tfjs-models/tfjs/mobilenet_v1_0.25_224/model.json`,
  'mobilenet_v2_0.35_224_notop': `${OFFICIAL_PREFIX}teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/model.json`,
};

/** The official model.json URL of a backbone, or the same path under `mirror` (an institution's proxy or copy). */
export function modelUrl(id: string, mirror?: string): string {
  const official = OFFICIAL_MODEL_URLS[id];
  if (!official) throw new Error(`No official location is known for backbone "${id}".`);
  if (!mirror) return official;
  const prefix = mirror.endsWith('/') ? mirror : `${mirror}/`;
  return `${prefix}${official.slice(OFFICIAL_PREFIX.length)}`;
}

let table: Map<string, TensorChecksum[]> | null = null;

/** The committed checksums of one backbone's tensors. */
export function expectedTensors(id: string): TensorChecksum[] {
  table ??= parseChecksumTable(readFileSync(CHECKSUM_TABLE, 'utf8'));
  const tensors = table.get(id);
  if (!tensors) throw new Error(`${CHECKSUM_TABLE} has no checksums for backbone "${id}".`);
  return tensors;
}

/** Verified downloads are kept here across clones: LIGHTBOX_BACKBONE_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
export function defaultBackboneCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIGHTBOX_BACKBONE_CACHE) return resolve(env.LIGHTBOX_BACKBONE_CACHE);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'lightbox', 'backbones');
}
