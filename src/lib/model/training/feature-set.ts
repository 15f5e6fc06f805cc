/**
 * A precomputed feature set: the pooled backbone vectors of a task's films (derived numbers, never pixels), shipped
 * compactly as 8-bit codes with a scale and offset per dimension (or one for all), plus labels and which split each
 * film belongs to. The in-page trainers learn from it without running the backbone; evaluation reads its test split.
 * Framework-free: no tfjs, no DOM; the loader takes any fetch.
 */

export const FEATURE_SET_FORMAT = 'lightbox-features/1';

export const FEATURE_SPLITS = ['train', 'validation', 'test'] as const;
export type FeatureSplit = (typeof FEATURE_SPLITS)[number];

/** value = offset + code × scale, per dimension ('per-dimension') or one pair for every value ('global'). */
export type Quantisation =
  { kind: 'per-dimension'; scale: number[]; offset: number[] } | { kind: 'global'; scale: number; offset: number };

interface FeatureSplitInfo {
  /** The .u8 file beside features.json: count × dimension codes, row-major. */
  file: string;
  count: number;
  /** Class index of every row, in row order. */
  labels: number[];
  countsByClass: Record<string, number>;
}

export interface FeatureSetMeta {
  format: typeof FEATURE_SET_FORMAT;
  task: string;
  classes: string[];
  dimension: number;
  /**
   * Fitted on the train split alone; validation and test values beyond its range are clamped to code 0 or 255
   * (`clamped` counts them). `maxError`: the largest |decoded − exported| over every value, clamped ones included.
   */
  quantisation: Quantisation & { fittedOn: 'train'; maxError: number; clamped: Record<FeatureSplit, number> };
  splits: Record<FeatureSplit, FeatureSplitInfo>;
  /** Where the numbers come from: the shipped model's folder, layer, pooling, its commit and the exporter's. */
  source: {
    model: string;
    backbone: string;
    layer: string;
    pooling: 'gap';
    finetuned: boolean;
    modelCommit: string;
    exportCommit: string;
    created: string;
  };
  /** The shipped model's patient split: validation patients held out of the train folder. */
  validation: { fraction: number; seed: number; rule: string; patients: Record<FeatureSplit, number> };
  unreadable: string[];
}

/** Features of one split, decoded: row i is values[i·dimension … (i+1)·dimension). */
export interface DecodedSplit {
  split: FeatureSplit;
  count: number;
  dimension: number;
  values: Float32Array;
  labels: Int32Array;
}

class FeatureSetError extends Error {}

/** The quantisation that fits `rows` (the train split): each dimension's min and max map to codes 0 and 255. */
export function fitQuantisation(
  rows: readonly Float32Array[],
  dimension: number,
  kind: Quantisation['kind'],
): Quantisation {
  if (rows.length === 0) throw new FeatureSetError('Cannot fit a quantisation to no rows.');
  const min = new Float64Array(dimension).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(dimension).fill(Number.NEGATIVE_INFINITY);
  for (const row of rows) {
    if (row.length !== dimension) throw new FeatureSetError(`A row has ${row.length} values, not ${dimension}.`);
    for (let d = 0; d < dimension; d++) {
      const v = row[d] as number;
      if (!Number.isFinite(v)) throw new FeatureSetError(`A feature value is ${v}; features must be finite.`);
      if (v < (min[d] as number)) min[d] = v;
      if (v > (max[d] as number)) max[d] = v;
    }
  }
  const pair = (lo: number, hi: number): { scale: number; offset: number } => ({
    scale: Math.fround(hi > lo ? (hi - lo) / 255 : 1),
    offset: Math.fround(lo),
  });
  if (kind === 'global') return { kind, ...pair(Math.min(...min), Math.max(...max)) };
  const pairs = Array.from(min, (lo, d) => pair(lo, max[d] as number));
  return { kind, scale: pairs.map((p) => p.scale), offset: pairs.map((p) => p.offset) };
}

/** The step between two codes of dimension d. */
export const stepOf = (q: Quantisation, d: number): number => (q.kind === 'global' ? q.scale : (q.scale[d] as number));
const scaleAt = stepOf;
const offsetAt = (q: Quantisation, d: number): number => (q.kind === 'global' ? q.offset : (q.offset[d] as number));

/** 8-bit codes of rows, row-major; values outside the fitted range are clamped to 0 or 255. */
export function encodeRows(rows: readonly Float32Array[], dimension: number, q: Quantisation): Uint8Array {
  const codes = new Uint8Array(rows.length * dimension);
  rows.forEach((row, i) => {
    if (row.length !== dimension) throw new FeatureSetError(`Row ${i} has ${row.length} values, not ${dimension}.`);
    for (let d = 0; d < dimension; d++) {
      const code = Math.round(((row[d] as number) - offsetAt(q, d)) / scaleAt(q, d));
      codes[i * dimension + d] = Math.min(255, Math.max(0, code));
    }
  });
  return codes;
}

/** Float32 values of row-major codes. */
export function decodeRows(codes: Uint8Array, dimension: number, q: Quantisation): Float32Array {
  if (codes.length % dimension !== 0)
    throw new FeatureSetError(`${codes.length} bytes is not a whole number of ${dimension}-value rows.`);
  const values = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const d = i % dimension;
    values[i] = offsetAt(q, d) + (codes[i] as number) * scaleAt(q, d);
  }
  return values;
}

function isQuantisation(value: unknown, dimension: number): value is Quantisation {
  const q = value as Partial<Quantisation> | null;
  if (!q || typeof q !== 'object') return false;
  if (q.kind === 'global') return Number.isFinite(q.scale) && Number.isFinite(q.offset);
  if (q.kind !== 'per-dimension') return false;
  const arrays = [q.scale, q.offset] as unknown[];
  return arrays.every((a) => Array.isArray(a) && a.length === dimension && a.every((v) => Number.isFinite(v)));
}

/** Checks a parsed features.json: throws a FeatureSetError naming the first thing wrong. */
export function parseFeatureSetMeta(json: unknown): FeatureSetMeta {
  const meta = json as Partial<FeatureSetMeta> | null;
  const fail = (what: string): never => {
    throw new FeatureSetError(`features.json: ${what}.`);
  };
  if (!meta || typeof meta !== 'object') return fail('not an object');
  if (meta.format !== FEATURE_SET_FORMAT) fail(`format is ${String(meta.format)}, expected ${FEATURE_SET_FORMAT}`);
  if (!Array.isArray(meta.classes) || meta.classes.length < 2) fail('needs at least two classes');
  const dimension = meta.dimension ?? 0;
  if (!Number.isInteger(dimension) || dimension < 1)
    fail(`dimension ${String(meta.dimension)} is not a positive integer`);
  if (!isQuantisation(meta.quantisation, dimension)) fail('quantisation is missing or does not match the dimension');
  for (const split of FEATURE_SPLITS) {
    const info = meta.splits?.[split];
    if (!info || typeof info.file !== 'string') fail(`split ${split} is missing`);
    if (info && info.labels.length !== info.count)
      fail(`split ${split} has ${info.labels.length} labels for ${info.count} rows`);
    const bad = info?.labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= (meta.classes?.length ?? 0)) ?? -1;
    if (bad >= 0) fail(`split ${split}: row ${bad} has label ${String(info?.labels[bad])}`);
  }
  return meta as FeatureSetMeta;
}

/** One split decoded from its bytes, checked against what features.json says. */
function decodeSplit(meta: FeatureSetMeta, split: FeatureSplit, bytes: Uint8Array): DecodedSplit {
  const info = meta.splits[split];
  const expected = info.count * meta.dimension;
  if (bytes.length !== expected)
    throw new FeatureSetError(`${info.file} has ${bytes.length} bytes; features.json says ${expected}.`);
  return {
    split,
    count: info.count,
    dimension: meta.dimension,
    values: decodeRows(bytes, meta.dimension, meta.quantisation),
    labels: Int32Array.from(info.labels),
  };
}

export interface LoadedFeatureSet {
  meta: FeatureSetMeta;
  splits: Partial<Record<FeatureSplit, DecodedSplit>>;
}

type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

async function fetchOk(fetchFn: Fetch, url: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetchFn(url, { signal });
  if (!response.ok) throw new FeatureSetError(`Could not load ${url}: HTTP ${response.status}.`);
  return response;
}

/**
 * Loads features.json from `baseUrl` (a folder URL ending in '/') and the splits asked for. The trainers ask for
 * train and validation only; the test split is fetched only when a caller names it.
 */
export async function loadFeatureSet(
  baseUrl: string,
  splits: readonly FeatureSplit[],
  options: { fetch?: Fetch; signal?: AbortSignal } = {},
): Promise<LoadedFeatureSet> {
  const fetchFn: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const meta = parseFeatureSetMeta(await (await fetchOk(fetchFn, `${baseUrl}features.json`, options.signal)).json());
  const decoded: LoadedFeatureSet['splits'] = {};
  for (const split of splits) {
    const response = await fetchOk(fetchFn, `${baseUrl}${meta.splits[split].file}`, options.signal);
    decoded[split] = decodeSplit(meta, split, new Uint8Array(await response.arrayBuffer()));
  }
  return { meta, splits: decoded };
}

/** Row i of a decoded split (a view, not a copy). */
export function rowOf(split: DecodedSplit, i: number): Float32Array {
  return split.values.subarray(i * split.dimension, (i + 1) * split.dimension);
}
