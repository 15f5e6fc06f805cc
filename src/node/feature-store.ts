/**
 * Node-only: "give me the embeddings of these scans in this feature space": loads the backbone on wasm, fills the
 * on-disk cache for whatever is missing, and returns vectors by relpath.
 */
import { join } from 'node:path';
import { loadFeatureExtractor, featureKey, type FeatureExtractor, type FeatureSpec } from '../lib/model/core/features';
import type { Tf } from '../lib/model/core/runtime';
import type { ScanRecord } from './dataset';
import { embedRecords, type EmbedReport } from './embed-records';
import { EmbeddingCache } from './embedding-cache';
import { fileLoader } from './model-files';
import { CACHE_ROOT, backboneModelJson } from './paths';

export interface FeatureTable {
  spec: FeatureSpec;
  shape: number[];
  /** Embeddings of the records that could be read, in the order given. */
  rows: { record: ScanRecord; vector: Float32Array }[];
  report: EmbedReport;
}

export async function featuresFor(
  tf: Tf,
  spec: FeatureSpec,
  records: readonly ScanRecord[],
  options: { signal?: AbortSignal; cacheRoot?: string } = {},
): Promise<FeatureTable> {
  const extractor = await loadFeatureExtractor(tf, fileLoader(backboneModelJson(spec.backbone)), spec);
  try {
    return await featuresThrough(extractor, featureKey(spec), records, options);
  } finally {
    extractor.dispose();
  }
}

/**
 * The same through an extractor the caller owns (e.g. a shipped model's fine-tuned backbone), cached under
 * `cacheKey`, which must name those weights: two different backbones never share a cache folder.
 */
export async function featuresThrough(
  extractor: FeatureExtractor,
  cacheKey: string,
  records: readonly ScanRecord[],
  options: { signal?: AbortSignal; cacheRoot?: string } = {},
): Promise<FeatureTable> {
  const dimension = extractor.shape.reduce((a, b) => a * b, 1);
  const cache = await EmbeddingCache.open(
    join(options.cacheRoot ?? join(CACHE_ROOT, 'embeddings'), cacheKey),
    dimension,
  );
  const report = await embedRecords(extractor, cache, records, { label: cacheKey, signal: options.signal });
  const rows: FeatureTable['rows'] = [];
  for (const record of records) {
    const sha = report.hashes.get(record.relpath);
    if (sha) rows.push({ record, vector: await cache.get(sha) });
  }
  return { spec: extractor.spec, shape: extractor.shape, rows, report };
}
