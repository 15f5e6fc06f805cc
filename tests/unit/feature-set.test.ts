/**
 * The precomputed feature set: 8-bit codes decode to within half a step of what was encoded, a malformed
 * features.json is refused by name, the loader fetches only the splits asked for, and the committed CXR set is what
 * the shipped model reads (its counts are the model's split; a film's row equals `Classifier.readout`'s pooled vector
 * within the quantisation error).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Classifier } from '../../src/lib/model/core/classifier';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import {
  FEATURE_SPLITS,
  decodeRows,
  encodeRows,
  fitQuantisation,
  loadFeatureSet,
  parseFeatureSetMeta,
  rowOf,
  stepOf,
  type FeatureSetMeta,
} from '../../src/lib/model/training/feature-set';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { PROJECT_ROOT, SHARED_DATA, SITE_HEADS, backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const FEATURES = join(PROJECT_ROOT, 'public/weights/features/cxr');

function randomRows(count: number, dimension: number): Float32Array[] {
  let state = 1;
  const next = () => ((state = (state * 16807) % 2147483647) / 2147483647) * 6;
  return Array.from({ length: count }, () => Float32Array.from({ length: dimension }, next));
}

describe('quantisation', () => {
  test.each(['per-dimension', 'global'] as const)('%s codes decode within half a step', (kind) => {
    const rows = randomRows(50, 8);
    const q = fitQuantisation(rows, 8, kind);
    const decoded = decodeRows(encodeRows(rows, 8, q), 8, q);
    rows.forEach((row, i) =>
      row.forEach((v, d) => {
        const step = q.kind === 'global' ? q.scale : (q.scale[d] as number);
        expect(Math.abs(v - (decoded[i * 8 + d] as number))).toBeLessThanOrEqual(step / 2 + 1e-6);
      }),
    );
  });

  test('values beyond the fitted range clamp to the end codes', () => {
    const q = fitQuantisation([Float32Array.of(0, 1), Float32Array.of(2, 3)], 2, 'per-dimension');
    expect([...encodeRows([Float32Array.of(-5, 99)], 2, q)]).toEqual([0, 255]);
  });

  test('a constant dimension and a non-finite value', () => {
    const q = fitQuantisation([Float32Array.of(4), Float32Array.of(4)], 1, 'per-dimension');
    expect([...decodeRows(encodeRows([Float32Array.of(4)], 1, q), 1, q)]).toEqual([4]);
    expect(() => fitQuantisation([Float32Array.of(Number.NaN)], 1, 'global')).toThrow(/finite/);
  });
});

function tinyMeta(): FeatureSetMeta {
  const split = (file: string, labels: number[]) => ({ file, count: labels.length, labels, countsByClass: {} });
  return {
    format: 'lightbox-features/1',
    task: 'cxr',
    classes: ['NORMAL', 'PNEUMONIA'],
    dimension: 2,
    quantisation: { kind: 'global', scale: 0.5, offset: 1, fittedOn: 'train', maxError: 0 },
    splits: { train: split('train.u8', [0, 1]), validation: split('validation.u8', [1]), test: split('test.u8', [0]) },
  } as unknown as FeatureSetMeta;
}

describe('features.json', () => {
  test('a malformed file is refused, naming what is wrong', () => {
    expect(() => parseFeatureSetMeta({ ...tinyMeta(), format: 'x' })).toThrow(/format/);
    expect(() => parseFeatureSetMeta({ ...tinyMeta(), dimension: 0 })).toThrow(/dimension/);
    const bad = tinyMeta();
    bad.splits.train.labels = [0, 7];
    expect(() => parseFeatureSetMeta(bad)).toThrow(/label 7/);
    bad.splits.train.labels = [0];
    expect(() => parseFeatureSetMeta(bad)).toThrow(/1 labels for 2 rows/);
  });

  test('the loader fetches only the splits asked for, and checks their length', async () => {
    const fetched: string[] = [];
    const files: Record<string, BodyInit> = {
      'base/features.json': JSON.stringify(tinyMeta()),
      'base/train.u8': new Uint8Array([0, 2, 4, 6]),
      'base/validation.u8': new Uint8Array([1, 1, 1]),
    };
    const fetchFake = (url: string) => {
      fetched.push(url);
      const body = files[url];
      return Promise.resolve(body === undefined ? new Response(null, { status: 404 }) : new Response(body));
    };
    const loaded = await loadFeatureSet('base/', ['train'], { fetch: fetchFake });
    expect(fetched).toEqual(['base/features.json', 'base/train.u8']);
    expect([...(loaded.splits.train?.values ?? [])]).toEqual([1, 2, 3, 4]);
    expect([...rowOf(loaded.splits.train!, 1)]).toEqual([3, 4]);
    await expect(loadFeatureSet('base/', ['validation'], { fetch: fetchFake })).rejects.toThrow(/3 bytes.*says 2/);
    await expect(loadFeatureSet('base/', ['test'], { fetch: fetchFake })).rejects.toThrow(/HTTP 404/);
  });
});

describe.skipIf(!existsSync(join(FEATURES, 'features.json')))('the committed CXR feature set', () => {
  const meta = parseFeatureSetMeta(JSON.parse(readFileSync(join(FEATURES, 'features.json'), 'utf8')));
  const model = parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, 'cxr/meta.json'), 'utf8')));

  test('is the shipped model’s split, compact, and read from its layer', () => {
    for (const split of FEATURE_SPLITS) {
      expect(meta.splits[split].countsByClass).toEqual(model.data.counts[split]);
      expect(statSync(join(FEATURES, meta.splits[split].file)).size).toBe(meta.splits[split].count * meta.dimension);
    }
    const total = ['features.json', ...FEATURE_SPLITS.map((s) => meta.splits[s].file)]
      .map((f) => statSync(join(FEATURES, f)).size)
      .reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(2.1e6);
    expect(meta.source.layer).toBe(model.feature.layer);
    expect(meta.source.finetuned).toBe(Boolean(model.finetunedBackbone));
    expect(meta.validation.patients).toEqual(model.data.patients);
    expect(meta.quantisation.clamped.train).toBe(0);
  });

  test.skipIf(missing(SHARED_DATA, 'the readout check of the feature set'))(
    'a test film’s row is Classifier.readout’s pooled vector within the quantisation error',
    async () => {
      const { tf } = await nodeRuntime();
      const dir = join(SITE_HEADS, 'cxr');
      const classifier = await Classifier.load(tf, model, {
        backbone: fileLoader(backboneModelJson(model.feature.backbone)),
        head: fileLoader(join(dir, 'model.json')),
        finetuned: model.finetunedBackbone ? fileLoader(join(dir, model.finetunedBackbone.path)) : undefined,
      });
      const scores = JSON.parse(readFileSync(join(dir, 'test-scores.json'), 'utf8')) as { rows: { id: string }[] };
      const id = scores.rows[0]?.id ?? '';
      const { pooled } = await classifier.readout(await decodeImage(readFileSync(join(SHARED_DATA, id)), id));
      classifier.dispose();
      const loaded = await loadFeatureSet('', ['test'], {
        fetch: (url) => Promise.resolve(new Response(readFileSync(join(FEATURES, url)))),
      });
      const test = loaded.splits.test!;
      const q = meta.quantisation;
      // Within half a step in every dimension, except where the film lies beyond the train split's range (clamped).
      const fits = (i: number) =>
        rowOf(test, i).every((v, d) => {
          const step = stepOf(q, d);
          const low = q.kind === 'global' ? q.offset : (q.offset[d] as number);
          const x = pooled[d] as number;
          const clampedLow = x < low && Math.abs(v - low) < 1e-6;
          const clampedHigh = x > low + 255 * step && Math.abs(v - (low + 255 * step)) < 1e-4;
          return Math.abs(v - x) <= step / 2 + 1e-5 || clampedLow || clampedHigh;
        });
      const matches = Array.from({ length: test.count }, (_, i) => i).filter(fits);
      expect(matches.length).toBeGreaterThanOrEqual(1);
    },
  );
});
