/**
 * Node-only: caches the frozen lower part's output maps for fine-tuning, several augmentation variants per image
 * (variant 0 is the clean scan). Keyed `sha256#variant`, append-only, so an interrupted run resumes; the draw of
 * variant k of an image depends only on (seed, sha256, k), so reruns produce the same pixels.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as tfc from '@tensorflow/tfjs';
import { applyAugment, drawAugment, type AugmentConfig } from '../lib/model/training/augment';
import { grayToInputTensor, preprocessGray, type InputSpec } from '../lib/model/core/preprocess';
import { createRng } from '../lib/model/core/rng';
import type { Tf } from '../lib/model/core/runtime';
import type { ScanRecord } from './dataset';
import { decodeImage } from './decode';
import type { EmbeddingCache } from './embedding-cache';
import { startProgress } from './progress';

export interface MapJob {
  record: ScanRecord;
  variants: number;
}

/** A 32-bit seed from the run seed, the image and the variant. */
export function variantSeed(seed: number, sha256: string, variant: number): number {
  return createHash('sha256').update(`${seed}:${sha256}:${variant}`).digest().readUInt32LE(0);
}

export interface MapCacheReport {
  hashes: Map<string, string>;
  computed: number;
  failed: { relpath: string; reason: string }[];
}

export async function cacheMaps(
  tf: Tf,
  lower: tfc.LayersModel,
  input: InputSpec,
  cache: EmbeddingCache,
  jobs: readonly MapJob[],
  options: { seed: number; augment: AugmentConfig; label: string; signal?: AbortSignal },
): Promise<MapCacheReport> {
  const report: MapCacheReport = { hashes: new Map(), computed: 0, failed: [] };
  const progress = startProgress(options.label, jobs.length);
  let done = 0;
  for (const job of jobs) {
    if (options.signal?.aborted) throw new Error('Interrupted; run again to resume.');
    try {
      const bytes = await readFile(job.record.path);
      const sha = createHash('sha256').update(bytes).digest('hex');
      report.hashes.set(job.record.relpath, sha);
      const missing = Array.from({ length: job.variants }, (_, k) => k).filter((k) => !cache.has(`${sha}#${k}`));
      if (missing.length > 0) {
        const gray = preprocessGray(await decodeImage(bytes, job.record.relpath), input.size);
        const variants = missing.map((k) =>
          k === 0
            ? gray
            : applyAugment(
                gray,
                input.size,
                drawAugment(options.augment, createRng(variantSeed(options.seed, sha, k))),
              ),
        );
        const maps = tf.tidy(
          () =>
            lower.predict(
              tf.concat(
                variants.map((v) => grayToInputTensor(tf, v, input)),
                0,
              ),
            ) as tfc.Tensor,
        );
        const flat = (await maps.data()) as Float32Array;
        maps.dispose();
        const size = flat.length / variants.length;
        await cache.append(
          missing.map((k, i) => ({ sha256: `${sha}#${k}`, vector: flat.slice(i * size, (i + 1) * size) })),
        );
        report.computed += missing.length;
      }
    } catch (error) {
      report.hashes.delete(job.record.relpath);
      report.failed.push({
        relpath: job.record.relpath,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    progress.update(++done);
  }
  progress.stop();
  return report;
}
