/**
 * Importing a head (issue 14): a head trained in the page and downloaded comes back after the browser's storage is
 * cleared, from its three files or from one zip of them, with the same held-out probabilities (within 1e-6), and is
 * stored again; a random file, cut-short weights, a head for another task and an info file with fields missing are
 * each refused in words while the head already there (and saved) stays; a DICOM is accepted as an example; chapter 8's
 * explanation explorer explains the imported head when asked for the reader's own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import type { HeadTrainerResult } from '../../src/components/HeadTrainer/run';
import { classOf, taskInfo } from '../../src/lib/model/core/tasks';
import { headFileNames, zipHead } from '../../src/lib/model/training/head-archive';
import { SITE_SAMPLES } from '../../src/node/paths';
import { dicomFixtures } from '../unit/dicom-fixtures';
import { galleryScans, hasHead, openWidget, publishedResult, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';

const CHAPTER = '/chapters/transfer-learning/';
const EXPLANATIONS = '/chapters/where-the-network-looked/';
const TRAINER = 'lb-head-trainer';
const CXR = taskInfo('cxr');
const OCT = taskInfo('oct');
const NAMES = headFileNames('cxr');
/** The bar for a round trip. */
const ROUND_TRIP = 1e-6;

const heldOutScans = () => galleryScans().filter((s) => s.dataset === 'cxr' && classOf(CXR, s) !== null);

async function open(page: Page): Promise<HeadTrainerResult> {
  return (await openWidget<HeadTrainerResult>(page, `${CHAPTER}?backend=wasm`, TRAINER, /"heldOut":\d+/, 90_000))
    .result;
}

function worst(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.flatMap((row, i) => row.map((v, k) => Math.abs(v - (b[i]?.[k] ?? Number.NaN)))));
}

test('a downloaded head comes back after storage is cleared, with the same probabilities; bad files refused', async ({
  page,
}, testInfo) => {
  test.skip(!hasHead('cxr') || heldOutScans().length === 0, 'needs the cxr head and the gallery (npm run setup)');
  const widget = page.locator(TRAINER);
  const started = Date.now();
  const phases: string[] = [];
  const mark = (what: string) => phases.push(`${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await open(page);
  mark('opened');
  await page.evaluate(() => localStorage.clear());
  for (const name of CXR.classes) {
    const column = widget.getByRole('region', { name });
    await column.getByRole('button', { name: /Add 5 training films/ }).click();
    await expect(column.locator('[data-role="count"]')).toHaveText('5 examples', { timeout: 60_000 });
  }
  await widget.getByRole('button', { name: 'Train my head' }).click();
  const trained = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 90_000);
  mark('trained');
  expect(trained.yoursProbabilities).toHaveLength(heldOutScans().length);

  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await widget.getByRole('button', { name: 'Download my head' }).click();
  await expect.poll(() => downloads.length, { timeout: 15_000 }).toBe(3);
  const files = new Map<string, string>();
  for (const download of downloads) {
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    files.set(download.suggestedFilename(), path);
  }
  expect([...files.keys()].sort()).toEqual([NAMES.info, NAMES.model, NAMES.weights].sort());

  // Clear everything the browser kept, and check nothing comes back by itself.
  await page.evaluate(async () => {
    localStorage.clear();
    for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
  });
  expect(await open(page)).toMatchObject({ trained: false, restored: false, examples: [0, 0] });
  mark('reopened on cleared storage');

  const importInput = widget.locator('input[data-role="import"]');
  const message = widget.locator('[data-role="message"]');
  await importInput.setInputFiles([...files.values()]);
  const imported = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 30_000);
  await expect(message).toContainText('Imported your head from');
  const difference = worst(imported.yoursProbabilities, trained.yoursProbabilities);
  expect(difference).toBeLessThanOrEqual(ROUND_TRIP);
  expect(imported.yours).toEqual(trained.yours);

  // Bad files: each refused with its reason; the imported head stays in the page and in storage.
  const file = (name: string) => readFileSync(files.get(name)!);
  const info = JSON.parse(file(NAMES.info).toString('utf8')) as Record<string, unknown>;
  const json = (name: string, value: unknown) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(value)),
  });
  const model = { name: NAMES.model, mimeType: 'application/json', buffer: file(NAMES.model) };
  const weights = { name: NAMES.weights, mimeType: 'application/octet-stream', buffer: file(NAMES.weights) };
  const { classes: _classes, trainedAt: _trainedAt, ...partial } = info;
  const cases: [string, Parameters<typeof importInput.setInputFiles>[0], RegExp][] = [
    [
      'a random file',
      { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 253)) },
      /"scan\.png" is not a whole Lightbox head: the model \(\.json\) and the info \(\.info\.json\) are missing/,
    ],
    [
      'truncated weights',
      [model, { ...weights, buffer: weights.buffer.subarray(0, 1000) }, json(NAMES.info, info)],
      /holds 1000 bytes but the model needs \d+: it was cut short/,
    ],
    [
      'a head for another task',
      [model, weights, json(NAMES.info, { ...info, task: 'oct', classes: [...OCT.classes] })],
      /This head was trained for oct \(CNV, DME, DRUSEN, NORMAL\), not cxr\. It was not imported\./,
    ],
    ['JSON with missing fields', [model, weights, json(NAMES.info, partial)], /lacks classes, trainedAt/],
  ];
  for (const [what, chosen, reason] of cases) {
    await importInput.setInputFiles(chosen);
    await expect(message, what).toContainText(reason);
    await expect(message, what).toContainText('Nothing you had saved has changed.');
    expect((await publishedResult<HeadTrainerResult>(widget)).yoursProbabilities, what).toEqual(
      imported.yoursProbabilities,
    );
  }
  mark('bad inputs refused');
  const kept = await open(page);
  mark('reopened with the kept head');
  expect(kept).toMatchObject({ trained: true, restored: true, yours: trained.yours });
  expect(worst(kept.yoursProbabilities, trained.yoursProbabilities)).toBeLessThanOrEqual(ROUND_TRIP);

  // One zip of the three files works as well, once the saved head is forgotten (page and storage).
  const zip = testInfo.outputPath('my-head.zip');
  writeFileSync(zip, zipHead([...files].map(([name, path]) => ({ name, bytes: new Uint8Array(readFileSync(path)) }))));
  await widget.getByRole('button', { name: 'Forget my saved head' }).click();
  await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":false/);
  await importInput.setInputFiles(zip);
  const fromZip = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 30_000);
  expect(worst(fromZip.yoursProbabilities, trained.yoursProbabilities)).toBeLessThanOrEqual(ROUND_TRIP);
  testInfo.annotations.push({
    type: 'largest probability difference after the round trip',
    description: `${difference}`,
  });
  testInfo.annotations.push({ type: 'phases', description: phases.join('; ') });

  // A DICOM made from a training film is accepted as an example like its JPEG.
  const film = galleryScans().find((s) => s.dataset === 'cxr')!;
  const dicoms = await dicomFixtures(join(SITE_SAMPLES, film.file));
  if (typeof dicoms === 'string') testInfo.annotations.push({ type: 'skipped DICOM example', description: dicoms });
  else {
    await widget.getByRole('region', { name: 'NORMAL' }).locator('input[type="file"]').setInputFiles(dicoms.rgb);
    await expect(message).toContainText('Added 1 to NORMAL.');
  }

  // The imported head is the reader's head everywhere the book offers one: chapter 8 explains it.
  await page.goto(`${EXPLANATIONS}?xp.own=1&backend=wasm&scan=${film.id}`);
  const explorer = page.locator('lb-explanation-explorer');
  await explorer.scrollIntoViewIfNeeded();
  await expect(explorer.locator('[data-role="own-note"]')).toContainText(
    `Explaining your own head (trained on ${(info.examplesPerClass as number[]).reduce((a, b) => a + b, 0)} films`,
    { timeout: 60_000 },
  );
});
