/**
 * Node-only: examples for fine-tuning the WHOLE backbone, where no layer's output can be cached. Scans are
 * STREAMED: a first pass reads each file once to check it decodes and to hash it (nothing is kept but the hash), then
 * every request reads, decodes and augments the file again, so memory does not grow with the dataset (OCT2017's
 * 108k scans as much as CXR's 5k). Every epoch draws a fresh seeded augmentation (the draw depends only on seed,
 * image and epoch, so a resumed run sees the same pixels), with the plain-JS augmentation and preprocessing the
 * browser uses. All file reads go through `read`, so a test can prove which files a run opened.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { applyAugment, drawAugment, type AugmentConfig } from '../lib/model/training/augment';
import type { MapSource } from '../lib/model/training/finetune';
import { grayToInputValues, preprocessGray, type InputSpec } from '../lib/model/core/preprocess';
import { createRng } from '../lib/model/core/rng';
import { decodeImage } from './decode';
import { variantSeed } from './map-cache';
import { startProgress } from './progress';
import type { LabelledRecord } from './task-data';

export type ReadBytes = (path: string) => Promise<Uint8Array>;

interface Checked {
  record: LabelledRecord;
  sha: string;
}

export interface PixelOptions {
  seed: number;
  augment: AugmentConfig;
  /** Example i is clean in epoch e when (e + i) mod variants is 0 (1: always clean). */
  variants: number;
  signal?: AbortSignal;
  read?: ReadBytes;
}

async function checkAll(
  records: readonly LabelledRecord[],
  label: string,
  read: ReadBytes,
  failed: { relpath: string; reason: string }[],
  signal?: AbortSignal,
): Promise<Checked[]> {
  const progress = startProgress(label, records.length);
  const out: Checked[] = [];
  for (const [i, record] of records.entries()) {
    if (signal?.aborted) throw new Error('Interrupted; run again to resume.');
    try {
      const bytes = await read(record.path);
      await decodeImage(bytes, record.relpath);
      out.push({ record, sha: createHash('sha256').update(bytes).digest('hex') });
    } catch (error) {
      failed.push({ relpath: record.relpath, reason: error instanceof Error ? error.message : String(error) });
    }
    progress.update(i + 1);
  }
  progress.stop();
  return out;
}

/** Training (augmented on the fly) and validation (clean) sources that read their scans from disk on request. */
export async function preparePixels(
  train: readonly LabelledRecord[],
  validation: readonly LabelledRecord[],
  input: InputSpec,
  options: PixelOptions,
): Promise<{ train: MapSource; validation: MapSource; failed: { relpath: string; reason: string }[] }> {
  const read = options.read ?? ((path: string) => readFile(path));
  const failed: { relpath: string; reason: string }[] = [];
  const trainScans = await checkAll(train, 'check train', read, failed, options.signal);
  const validationScans = await checkAll(validation, 'check validation', read, failed, options.signal);
  const shape = [input.size, input.size, 3];
  const source = (scans: Checked[], augmented: boolean): MapSource => ({
    count: scans.length,
    shape,
    labels: scans.map((s) => s.record.classIndex),
    map: async (index, epoch) => {
      const scan = scans[index] as Checked;
      const gray = preprocessGray(await decodeImage(await read(scan.record.path), scan.record.relpath), input.size);
      const clean = !augmented || options.variants <= 1 || (epoch + index) % options.variants === 0;
      if (clean) return grayToInputValues(gray, input);
      const rng = createRng(variantSeed(options.seed, scan.sha, 1000 + epoch));
      return grayToInputValues(applyAugment(gray, input.size, drawAugment(options.augment, rng)), input);
    },
  });
  return { train: source(trainScans, true), validation: source(validationScans, false), failed };
}
