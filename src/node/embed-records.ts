/**
 * Node-only: embeds a list of scans into the on-disk cache in fixed-size batches, so memory stays bounded however
 * many images there are. Unreadable files are reported by name and left out; nothing is counted silently.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FeatureExtractor } from '../lib/model/core/features';
import type { RawImage } from '../lib/model/core/preprocess';
import type { ScanRecord } from './dataset';
import { decodeImage } from './decode';
import type { EmbeddingCache } from './embedding-cache';
import { startProgress } from './progress';

export interface EmbedReport {
  /** sha256 of every record that has an embedding now, by relpath. */
  hashes: Map<string, string>;
  computed: number;
  reused: number;
  failed: { relpath: string; reason: string }[];
  seconds: number;
}

export async function embedRecords(
  extractor: FeatureExtractor,
  cache: EmbeddingCache,
  records: readonly ScanRecord[],
  options: { batchSize?: number; label?: string; signal?: AbortSignal } = {},
): Promise<EmbedReport> {
  const batchSize = options.batchSize ?? 32;
  const report: EmbedReport = { hashes: new Map(), computed: 0, reused: 0, failed: [], seconds: 0 };
  const progress = startProgress(options.label ?? 'embedding', records.length);
  const started = performance.now();
  for (let start = 0; start < records.length; start += batchSize) {
    if (options.signal?.aborted) break;
    const batch = records.slice(start, start + batchSize);
    const pending: { sha256: string; image: RawImage }[] = [];
    for (const record of batch) {
      try {
        const bytes = await readFile(record.path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (record.sha256 && record.sha256 !== sha256) throw new Error('sha256 differs from the manifest');
        report.hashes.set(record.relpath, sha256);
        if (cache.has(sha256) || pending.some((p) => p.sha256 === sha256)) {
          report.reused += 1;
          continue;
        }
        pending.push({ sha256, image: await decodeImage(bytes, record.relpath) });
      } catch (error) {
        report.hashes.delete(record.relpath);
        report.failed.push({ relpath: record.relpath, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (pending.length > 0) {
      const vectors = await extractor.embed(pending.map((p) => p.image));
      await cache.append(pending.map((p, i) => ({ sha256: p.sha256, vector: vectors[i] as Float32Array })));
      report.computed += pending.length;
    }
    progress.update(
      Math.min(start + batchSize, records.length),
      report.failed.length ? `(${report.failed.length} unreadable)` : '',
    );
  }
  progress.stop();
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
