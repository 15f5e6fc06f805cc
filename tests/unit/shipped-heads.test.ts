/**
 * The committed heads load with their backbone and reproduce their recorded test scores on a fixed subset
 * (the first rows of test-scores.json), so the numbers on the model cards are the numbers the files give.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Classifier } from '../../src/lib/model/core/classifier';
import { argmax } from '../../src/lib/model/evaluation/metrics';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SHARED_DATA, SITE_HEADS, backboneModelJson } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { missing } from './needs-files';

const SUBSET = 16;
const TOLERANCE = 1e-4;
const heads = existsSync(SITE_HEADS)
  ? readdirSync(SITE_HEADS).filter((d) => existsSync(join(SITE_HEADS, d, 'test-scores.json')))
  : [];

const noData = missing(SHARED_DATA, 'the shipped heads’ test-score reproduction');

describe.skipIf(heads.length === 0 || noData)('shipped heads', () => {
  test.each(heads)('%s reproduces its recorded test scores on a fixed subset', async (task) => {
    const { tf } = await nodeRuntime();
    const dir = join(SITE_HEADS, task);
    const meta = parseHeadMeta(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')));
    const scores = JSON.parse(readFileSync(join(dir, 'test-scores.json'), 'utf8')) as {
      rows: { id: string; truth: number; probabilities: number[] }[];
    };
    const before = tf.memory().numTensors;
    const classifier = await Classifier.load(tf, meta, {
      backbone: fileLoader(backboneModelJson(meta.feature.backbone)),
      head: fileLoader(join(dir, 'model.json')),
      finetuned: meta.finetunedBackbone ? fileLoader(join(dir, meta.finetunedBackbone.path)) : undefined,
    });
    const rows = scores.rows.slice(0, SUBSET);
    let agree = 0;
    for (const row of rows) {
      const image = await decodeImage(readFileSync(join(SHARED_DATA, row.id)), row.id);
      const probabilities = await classifier.predict(image);
      row.probabilities.forEach((p, i) =>
        expect(Math.abs((probabilities[i] ?? Number.NaN) - p)).toBeLessThan(TOLERANCE),
      );
      if (argmax(probabilities) === argmax(row.probabilities)) agree++;
    }
    classifier.dispose();
    expect(agree).toBe(rows.length);
    expect(tf.memory().numTensors).toBe(before);
  });
});
