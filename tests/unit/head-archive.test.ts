/**
 * Importing a reader's head (src/lib/model/training/head-archive.ts): the three files the head trainer downloads, or
 * one zip of them, give back a head whose predictions equal the original's; a head for another task or backbone, a
 * random file, cut-short weights and an info file with fields missing are each refused with the reason, before any
 * model is built; every tensor is freed.
 */
import { strToU8, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { predictFeatures } from '../../src/lib/model/core/head';
import { parseHeadMeta, type HeadMeta } from '../../src/lib/model/core/meta';
import { createRng } from '../../src/lib/model/core/rng';
import {
  HeadImportError,
  buildImportedHead,
  headFileNames,
  readHeadFiles,
  zipHead,
  type HeadFile,
} from '../../src/lib/model/training/head-archive';
import { trainReaderHead, type ReaderExample, type ReaderHeadInfo } from '../../src/lib/model/training/retrain';
import { SITE_HEADS } from '../../src/node/paths';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();
const meta = (task: string): HeadMeta =>
  parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, task, 'meta.json'), 'utf8')));
const CXR = meta('cxr');
const DIMENSION = 24;

function examples(seed: number): ReaderExample[] {
  const rng = createRng(seed);
  return Array.from({ length: 12 }, (_, i) => ({
    key: `e${i}`,
    classIndex: i % 2,
    feature: Float32Array.from({ length: DIMENSION }, () => (i % 2 ? 1 : -1) + (rng() - 0.5) * 3),
  }));
}

/** The three files exactly as tfjs's downloads:// handler and saved-head.ts write them. */
async function downloadedFiles(head: tfc.LayersModel, info: ReaderHeadInfo): Promise<HeadFile[]> {
  const names = headFileNames(info.task);
  let files: HeadFile[] = [];
  await head.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${names.weights}`], weights: artifacts.weightSpecs }],
      };
      files = [
        { name: names.model, bytes: strToU8(JSON.stringify(modelJson)) },
        { name: names.weights, bytes: weights },
        { name: names.info, bytes: strToU8(`${JSON.stringify(info, null, 1)}\n`) },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

describe('importing a reader head', () => {
  let original: tfc.LayersModel;
  let info: ReaderHeadInfo;
  let files: HeadFile[];
  const probe = examples(7).map((e) => e.feature);
  beforeAll(async () => {
    const trained = await trainReaderHead(tf, CXR, examples(3), { seed: 42, params: { epochs: 5 } });
    original = trained.head!;
    info = trained.info!;
    files = await downloadedFiles(original, info);
    return () => original.dispose();
  });

  const refusal = (chosen: HeadFile[], task = CXR): string => {
    try {
      readHeadFiles(chosen, task);
    } catch (error) {
      expect(error).toBeInstanceOf(HeadImportError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };
  const replace = (name: string, bytes: Uint8Array): HeadFile[] =>
    files.map((f) => (f.name === name ? { name, bytes } : f));
  const names = headFileNames('cxr');

  test('the three files, or one zip of them, give back a head with the same predictions', async () => {
    const expected = await predictFeatures(tf, original, probe, [DIMENSION]);
    for (const chosen of [files, [...files].reverse(), [{ name: 'my-head.zip', bytes: zipHead(files) }]]) {
      const imported = readHeadFiles(chosen, CXR);
      expect(imported.info).toEqual(info);
      const head = await buildImportedHead(tf, imported, DIMENSION);
      const got = await predictFeatures(tf, head, probe, [DIMENSION]);
      head.dispose();
      got.forEach((p, i) => p.forEach((v, k) => expect(Math.abs(v - (expected[i]?.[k] ?? NaN))).toBeLessThan(1e-6)));
    }
  });

  test('a head for another task or another backbone is refused with the reason', () => {
    expect(refusal(files, meta('oct'))).toMatch(/This head was trained for cxr \(NORMAL, PNEUMONIA\), not oct\./);
    const otherBackbone = { ...info, backboneSignature: 'mobilenet_v2_0.35_224@out_relu' };
    expect(refusal(replace(names.info, strToU8(JSON.stringify(otherBackbone))))).toMatch(
      /trained on another version of the backbone.*It was not imported\./,
    );
  });

  test('a random file, cut-short weights, and JSON with fields missing each say what is wrong', () => {
    const random = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);
    expect(refusal([{ name: 'holiday.jpg', bytes: random }])).toMatch(
      /"holiday\.jpg" is not a whole Lightbox head: the model \(\.json\) and the info \(\.info\.json\) are missing\. Choose the three files/,
    );
    const weights = files.find((f) => f.name === names.weights)!.bytes;
    expect(refusal(replace(names.weights, weights.subarray(0, weights.length - 10)))).toBe(
      `"${names.weights}" holds ${weights.length - 10} bytes but the model needs ${weights.length}: it was cut short. Download the head again.`,
    );
    const { classes: _c, backboneSignature: _b, ...partial } = info;
    expect(refusal(replace(names.info, strToU8(JSON.stringify(partial))))).toMatch(
      `"${names.info}" lacks classes, backboneSignature`,
    );
    expect(refusal(replace(names.model, strToU8('{"modelTopology": {}}')))).toMatch(
      `"${names.model}" lacks its layers or its weights manifest`,
    );
    expect(refusal(replace(names.info, strToU8('{"format": "lightbox-reader-head/1", "ta')))).toMatch(
      `"${names.info}" is not valid JSON`,
    );
    expect(refusal(files.filter((f) => f.name !== names.weights))).toMatch(/the weights \(\.weights\.bin\) is missing/);
    expect(refusal([{ name: 'broken.zip', bytes: zipSync({ a: strToU8('x') }).subarray(0, 30) }])).toMatch(
      /"broken\.zip" is a damaged zip/,
    );
  });

  test('a head that does not read this backbone’s features is refused once built, and freed', async () => {
    await expect(buildImportedHead(tf, readHeadFiles(files, CXR), DIMENSION + 1)).rejects.toThrow(
      `This head reads [${DIMENSION}] numbers into 2 classes; this backbone gives ${DIMENSION + 1} for 2 classes.`,
    );
  });
});
