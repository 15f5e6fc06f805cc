/**
 * Whole-backbone fine-tuning's examples: scans decoded once, the clean ones exactly the shared preprocessing, the
 * augmented ones a fresh seeded draw per epoch that a rerun reproduces; unreadable files are reported, not fatal.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_AUGMENT } from '../../src/lib/model/training/augment';
import { backboneInfo } from '../../src/lib/model/core/backbone';
import { grayToInputValues, preprocessGray } from '../../src/lib/model/core/preprocess';
import { taskInfo } from '../../src/lib/model/core/tasks';
import { listDataset } from '../../src/node/dataset';
import { decodeImage } from '../../src/node/decode';
import { SHARED_DATA } from '../../src/node/paths';
import { preparePixels } from '../../src/node/pixel-source';
import { taskRecords } from '../../src/node/task-data';
import { missing } from './needs-files';

const input = backboneInfo('mobilenet_v1_0.25_224').input;

describe.skipIf(missing(SHARED_DATA, 'preparePixels on real scans'))('preparePixels', () => {
  test('clean scans are the shared preprocessing; augmented ones change per epoch and repeat per seed', async () => {
    const { train } = taskRecords(await listDataset(SHARED_DATA, 'cxr'), taskInfo('cxr'));
    const records = train.slice(0, 3);
    const broken = join(await mkdtemp(join(tmpdir(), 'pixels-')), 'broken.jpeg');
    await writeFile(broken, 'not a jpeg');
    const withBroken = [...records, { ...records[0]!, path: broken, relpath: 'broken.jpeg' }];
    const options = { seed: 7, augment: DEFAULT_AUGMENT, variants: 3 };
    const a = await preparePixels(withBroken, records.slice(0, 1), input, options);
    expect(a.train.count).toBe(3);
    expect(a.failed).toEqual([{ relpath: 'broken.jpeg', reason: expect.any(String) }]);
    expect(a.train.shape).toEqual([224, 224, 3]);
    const clean = grayToInputValues(
      preprocessGray(await decodeImage(await readFile(records[0]!.path), 'x'), 224),
      input,
    );
    // Example 0 is clean in epochs divisible by 3, augmented otherwise; validation is always clean.
    expect(await a.train.map(0, 3)).toEqual(clean);
    expect(await a.validation.map(0, 1)).toEqual(clean);
    const e1 = await a.train.map(0, 1);
    const e2 = await a.train.map(0, 2);
    expect(e1).not.toEqual(clean);
    expect(e1).not.toEqual(e2);
    const b = await preparePixels(records, [], input, options);
    expect(await b.train.map(0, 1)).toEqual(e1);
    expect(b.train.labels).toEqual(records.map((r) => r.classIndex));
  }, 30_000);
});
