/**
 * Node-only: examples for fine-tuning the WHOLE backbone, where no layer's output can be cached. Each scan is
 * decoded once to gray at the input size and kept in memory (224² floats, 200 KB a scan); every epoch draws a fresh
 * seeded augmentation on the fly (the draw depends only on seed, image and epoch, so a resumed run sees the same
 * pixels), with the same plain-JS augmentation and preprocessing the browser uses.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { applyAugment, drawAugment, type AugmentConfig } from '../lib/model/augment';
import type { MapSource } from '../lib/model/finetune';
import { grayToInputValues, preprocessGray, type InputSpec } from '../lib/model/preprocess';
import { createRng } from '../lib/model/rng';
import { decodeImage } from './decode';
import { variantSeed } from './map-cache';
import { startProgress } from './progress';
import type { LabelledRecord } from './task-data';

interface Decoded {
  sha: string;
  gray: Float32Array;
  label: number;
}

async function decodeAll(records: readonly LabelledRecord[], size: number, label: string, failed: { relpath: string; reason: string }[], signal?: AbortSignal): Promise<Decoded[]> {
  const progress = startProgress(label, records.length);
  const out: Decoded[] = [];
  for (const [i, record] of records.entries()) {
    if (signal?.aborted) throw new Error('Interrupted; run again to resume.');
    try {
      const bytes = await readFile(record.path);
      out.push({
        sha: createHash('sha256').update(bytes).digest('hex'), label: record.classIndex,
        gray: preprocessGray(await decodeImage(bytes, record.relpath), size),
      });
    } catch (error) {
      failed.push({ relpath: record.relpath, reason: error instanceof Error ? error.message : String(error) });
    }
    progress.update(i + 1);
  }
  progress.stop();
  return out;
}

/**
 * Epoch e shows example i clean when (e + i) mod variants is 0, otherwise a fresh augmentation for that epoch, so
 * the share of clean scans matches the cached-maps path with the same number of variants.
 */
export async function preparePixels(
  train: readonly LabelledRecord[], validation: readonly LabelledRecord[], input: InputSpec,
  options: { seed: number; augment: AugmentConfig; variants: number; signal?: AbortSignal },
): Promise<{ train: MapSource; validation: MapSource; failed: { relpath: string; reason: string }[] }> {
  const failed: { relpath: string; reason: string }[] = [];
  const trainScans = await decodeAll(train, input.size, 'decode train', failed, options.signal);
  const validationScans = await decodeAll(validation, input.size, 'decode validation', failed, options.signal);
  const shape = [input.size, input.size, 3];
  const source = (scans: Decoded[], augmented: boolean): MapSource => ({
    count: scans.length, shape, labels: scans.map((s) => s.label),
    map: (index, epoch) => {
      const scan = scans[index] as Decoded;
      const clean = !augmented || options.variants <= 1 || (epoch + index) % options.variants === 0;
      const gray = clean ? scan.gray
        : applyAugment(scan.gray, input.size, drawAugment(options.augment, createRng(variantSeed(options.seed, scan.sha, 1000 + epoch))));
      return grayToInputValues(gray, input);
    },
  });
  return { train: source(trainScans, true), validation: source(validationScans, false), failed };
}
