/**
 * In-page retraining (chapter 7): the widget runs the shipped classifier (fine-tuned layers included when they
 * ship) and judges it as Node does; a reader trains a head by keyboard, keeps it across a reload, downloads it, and
 * the downloaded files give in Node the held-out score the page showed; bad files are skipped with a message;
 * too few examples disable training and say which class; the widget fits a phone (no sideways page scroll, every
 * control a 24 px target) and its scan-by-scan table scrolls in its own region; forgetting the head returns tensors
 * to baseline; after training the status line says what happened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import type { Download, Locator, Page } from '@playwright/test';
import type { HeadTrainerResult } from '../../src/components/HeadTrainer/run';
import { classOf, taskInfo } from '../../src/lib/model/core/tasks';
import { argmax } from '../../src/lib/model/evaluation/metrics';
import { pooledFeature, scoreHead } from '../../src/lib/model/training/retrain';
import { SITE_HEADS } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import {
  decodeScan,
  galleryScans,
  hasHead,
  loseContext,
  nodeClassifier,
  numTensors,
  openWidget,
  widgetResult,
} from './chapter-reference';
import { expect, test } from './fixtures';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/transfer-learning/';
const TRAINER = 'lb-head-trainer';
const CXR = taskInfo('cxr');

/** WebGL (float32 on SwiftShader) against wasm in Node, as in the other widget checks. */
const PROBABILITY_TOLERANCE = 0.02;

const heldOutScans = () => galleryScans().filter((s) => s.dataset === 'cxr' && classOf(CXR, s) !== null);

function widget(page: Page): Locator {
  return page.locator(TRAINER);
}

/** How far the page itself scrolls sideways. */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function open(page: Page, query: string): Promise<HeadTrainerResult> {
  return (await openWidget<HeadTrainerResult>(page, `${CHAPTER}${query}`, TRAINER, /"heldOut":\d+/, 90_000)).result;
}

/** Adds five training films to the class `name` (by click, or by keyboard) and waits until the class counts them. */
async function addFive(page: Page, name: string, by: 'click' | 'keyboard' = 'click'): Promise<void> {
  const column = widget(page).getByRole('region', { name });
  const add = column.getByRole('button', { name: /Add 5 training films/ });
  // The controls stay locked until the previous step (storing the last class's examples) ends; a key press on a
  // locked button does nothing, so wait for it as a click would.
  await expect(add).toBeEnabled({ timeout: 60_000 });
  if (by === 'keyboard') {
    await add.focus();
    await page.keyboard.press('Enter');
  } else await add.click();
  await expect(column.locator('[data-role="count"]')).toHaveText('5 examples', { timeout: 60_000 });
}

/** The shipped model (fine-tuned layers included) on the held-out scans, computed in Node from the same files. */
async function nodeShipped(): Promise<{ correct: number; probabilities: Float32Array[] }> {
  const classifier = await nodeClassifier('cxr');
  let correct = 0;
  const all: Float32Array[] = [];
  for (const scan of heldOutScans()) {
    const probabilities = await classifier.predict(await decodeScan(scan));
    all.push(probabilities);
    if (argmax(probabilities) === CXR.classes.indexOf(classOf(CXR, scan) as string)) correct++;
  }
  return { correct, probabilities: all };
}

const shippedMeta = () =>
  JSON.parse(readFileSync(join(SITE_HEADS, 'cxr', 'meta.json'), 'utf8')) as {
    finetunedBackbone: { layers: string[] } | null;
  };

test.beforeEach(() => {
  test.skip(!hasHead('cxr') || heldOutScans().length === 0, 'needs the cxr head and the gallery (npm run setup)');
});

test('on WebGL the widget judges the shipped model on held-out scans exactly as Node does', async ({ page }) => {
  const result = await open(page, '?debug');
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  expect(result.heldOut).toBe(heldOutScans().length);
  expect(result.shipped?.total).toBe(heldOutScans().length);
  const node = await nodeShipped();
  expect(result.shipped?.correct).toBe(node.correct);
  let worst = 0;
  result.shippedProbabilities.forEach((p, i) =>
    p.forEach((value, k) => {
      worst = Math.max(worst, Math.abs(value - (node.probabilities[i]?.[k] ?? Number.NaN)));
    }),
  );
  expect(worst).toBeLessThan(PROBABILITY_TOLERANCE);
  test
    .info()
    .annotations.push({ type: 'worst probability difference, WebGL vs Node', description: worst.toExponential(2) });
  // The page runs Lightbox's fine-tuned layers exactly when they ship.
  expect(result.finetuned).toBe(shippedMeta().finetunedBackbone !== null);
  await expect(widget(page).locator('[data-role="model-info"]')).toContainText(
    result.finetuned ? 'fine-tuned' : 'conv_pw_13_relu',
  );
  await expect(widget(page).locator('.ht-class h3')).toHaveText([/NORMAL/, /PNEUMONIA/]);
});

test('keyboard only: add training films, train, keep the head across a reload, forget it back to baseline', async ({
  page,
}) => {
  await open(page, '?backend=wasm&debug');
  await page.evaluate(() => localStorage.clear());
  const baseline = await numTensors(page);
  for (const name of CXR.classes) await addFive(page, name, 'keyboard');
  await widget(page).getByRole('button', { name: 'Train my head' }).focus();
  await page.keyboard.press('Enter');
  const trained = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 90_000);
  expect(trained).toMatchObject({ examples: [5, 5], restored: false });
  // The status line says what happened, not the instruction it gave before training.
  await expect(widget(page).getByRole('status')).toContainText(
    `Your head is trained: it calls ${trained.yours?.correct} of ${trained.yours?.total} held-out scans right`,
  );
  await expect(widget(page).getByRole('status')).not.toContainText('Add examples to each class');
  expect(trained.epochs).toBeGreaterThan(1);
  expect(trained.yours?.total).toBe(heldOutScans().length);
  await expect(widget(page).locator('[data-role="curve"] svg')).toHaveAttribute(
    'aria-label',
    /Training loss \(solid\) and validation loss \(dashed\) over \d+ epochs, last [\d.]+ and [\d.]+\./,
  );
  await expect(widget(page).locator('[data-role="message"]')).toContainText('Stored in this browser');
  // Only the head's weights (kernel and bias) stay allocated beside the models.
  expect(await numTensors(page)).toBe(baseline + 2);

  const restored = await open(page, '?backend=wasm&debug');
  expect(restored).toMatchObject({ trained: true, restored: true, yours: trained.yours });
  await expect(widget(page).locator('[data-role="message"]')).toContainText('Restored your head');
  const afterRestore = await numTensors(page);
  await widget(page).getByRole('button', { name: 'Forget my saved head' }).focus();
  await page.keyboard.press('Enter');
  await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":false/);
  expect(await numTensors(page)).toBe(afterRestore - 2);
  const fresh = await open(page, '?backend=wasm');
  expect(fresh).toMatchObject({ trained: false, restored: false });
});

test('the downloaded head gives in Node the held-out score the page showed', async ({ page }) => {
  await open(page, '?backend=wasm');
  await page.evaluate(() => localStorage.clear());
  for (const name of CXR.classes) await addFive(page, name);
  await widget(page).getByRole('button', { name: 'Train my head' }).click();
  const trained = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 90_000);
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await widget(page).getByRole('button', { name: 'Download my head' }).click();
  await expect.poll(() => downloads.length, { timeout: 15_000 }).toBe(3);
  const files = new Map<string, string>();
  for (const download of downloads) files.set(download.suggestedFilename(), (await download.path()) ?? '');
  expect([...files.keys()].sort()).toEqual([
    'lightbox-head-cxr.info.json',
    'lightbox-head-cxr.json',
    'lightbox-head-cxr.weights.bin',
  ]);
  const info = JSON.parse(readFileSync(files.get('lightbox-head-cxr.info.json')!, 'utf8')) as {
    examplesPerClass: number[];
    classes: string[];
  };
  expect(info).toMatchObject({ examplesPerClass: [5, 5], classes: ['NORMAL', 'PNEUMONIA'] });

  const { tf } = await nodeRuntime();
  const json = JSON.parse(readFileSync(files.get('lightbox-head-cxr.json')!, 'utf8')) as tfc.io.ModelJSON;
  const weights = readFileSync(files.get('lightbox-head-cxr.weights.bin')!);
  const head = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const classifier = await nodeClassifier('cxr');
  const scans = heldOutScans();
  const features = [];
  for (const scan of scans) features.push(await pooledFeature(classifier, await decodeScan(scan)));
  const score = await scoreHead(
    tf,
    head,
    features,
    scans.map((s) => CXR.classes.indexOf(classOf(CXR, s) as string)),
    2,
  );
  head.dispose();
  expect(score.correct).toBe(trained.yours?.correct);
});

test('bad files are skipped; too few examples turn training off and name the class; it fits a phone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '?backend=wasm');
  await page.evaluate(() => localStorage.clear());
  const train = widget(page).getByRole('button', { name: 'Train my head' });
  const reason = widget(page).locator('[data-role="train-reason"]');
  const normal = widget(page).getByRole('region', { name: 'NORMAL' });
  // With no examples, training is off and the reason is on screen (and describes the button).
  await expect(train).toBeDisabled();
  await expect(reason).toBeVisible();
  await expect(reason).toContainText('Add at least 3 examples of NORMAL and PNEUMONIA (now 0 and 0)');
  await expect(train).toHaveAccessibleDescription(/Add at least 3 examples of NORMAL and PNEUMONIA/);
  const scan = heldOutScans()[0]!;
  await normal.locator('input[type="file"]').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
    { name: 'broken.jpeg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg') },
    { name: 'mine.jpeg', mimeType: 'image/jpeg', buffer: readFileSync(join('public/samples', scan.file)) },
  ]);
  await expect(widget(page).locator('[data-role="message"]')).toContainText('Added 1 to NORMAL. Skipped:');
  await expect(widget(page).locator('[data-role="message"]')).toContainText('"notes.txt" is not an image');
  await expect(widget(page).locator('[data-role="message"]')).toContainText('"broken.jpeg" could not be decoded');
  await expect(normal.locator('[data-role="count"]')).toHaveText('1 example');
  // Too few examples: the button stays off with the reason in view; the widget never turns red for it.
  await expect(widget(page)).toHaveAttribute('data-state', 'ready');
  await expect(train).toBeDisabled();
  await expect(reason).toContainText('Add at least 3 examples of NORMAL and PNEUMONIA (now 1 and 0)');
  await expect(widget(page).getByRole('status')).toContainText('Add at least 3 examples of NORMAL and PNEUMONIA');
  // On a phone every control, the thumbnail's remove button included, is a 24 × 24 px target.
  await widget(page).getByText('Scan by scan').click();
  expect(await smallTargets(widget(page))).toEqual([]);
  // The scan-by-scan table scrolls inside its own focusable, labelled region; the page never scrolls sideways.
  const verdicts = widget(page).getByRole('region', { name: /Each held-out scan/ });
  await expect(verdicts).toHaveAttribute('tabindex', '0');
  await expect(verdicts.locator('tbody tr')).toHaveCount(heldOutScans().length);
  await verdicts.focus();
  await expect(verdicts).toBeFocused();
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  await normal.getByRole('button', { name: /Remove mine\.jpeg/ }).click();
  await expect(normal.locator('[data-role="count"]')).toHaveText('0 examples');
  const overflow = await widget(page).evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
});

test('on a wide screen the scan-by-scan table shows its Lightbox column whole', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '?backend=wasm');
  await widget(page).getByText('Scan by scan').click();
  const verdicts = widget(page).getByRole('region', { name: /Each held-out scan/ });
  await verdicts.scrollIntoViewIfNeeded();
  // The whole table fits its region without scrolling it, and the last column lies inside the region.
  expect(await verdicts.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  const region = (await verdicts.boundingBox())!;
  const header = (await verdicts.getByRole('columnheader', { name: 'Lightbox' }).boundingBox())!;
  expect(header.x).toBeGreaterThanOrEqual(region.x);
  expect(header.x + header.width).toBeLessThanOrEqual(region.x + region.width + 0.5);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
});

test('a lost WebGL context moves to wasm, keeps the examples, and training still works', async ({ page }) => {
  await open(page, '?debug');
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  await addFive(page, 'NORMAL');
  await widget(page).evaluate((el) => el.removeAttribute('data-result'));
  await loseContext(page);
  await expect(widget(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const after = await widgetResult<HeadTrainerResult>(page, TRAINER, /"heldOut":\d+/, 90_000);
  expect(after.examples).toEqual([5, 0]);
  await addFive(page, 'PNEUMONIA');
  await widget(page).getByRole('button', { name: 'Train my head' }).click();
  const trained = await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 90_000);
  expect(trained.examples).toEqual([5, 5]);
});

test('the reader’s examples come back after a reload, removals included', async ({ page }) => {
  await open(page, '?backend=wasm');
  const normal = () => widget(page).getByRole('region', { name: 'NORMAL' });
  await addFive(page, 'NORMAL');
  const restored = await open(page, '?backend=wasm');
  expect(restored.examples).toEqual([5, 0]);
  await expect(widget(page).locator('[data-role="message"]')).toContainText(
    'Your 5 examples are back from your last visit',
  );
  await expect(normal().locator('canvas')).toHaveCount(5);
  await normal()
    .getByRole('button', { name: /^Remove / })
    .first()
    .click();
  await expect(normal().locator('[data-role="count"]')).toHaveText('4 examples');
  await expect.poll(async () => (await open(page, '?backend=wasm')).examples, { timeout: 60_000 }).toEqual([4, 0]);
});

test('a task whose model cannot load says so and leaves the previous task usable', async ({ page, problems }) => {
  problems.allow(/weights\/heads\/oct\/meta\.json/);
  await page.route('**/weights/heads/oct/meta.json', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await open(page, '?backend=wasm');
  await widget(page).getByRole('combobox', { name: 'Task' }).selectOption('oct');
  await expect(widget(page)).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(widget(page).getByRole('status')).toContainText('The oct head is missing');
  await expect(widget(page).getByRole('combobox', { name: 'Task' })).toHaveValue('cxr');
  const normal = widget(page).getByRole('region', { name: 'NORMAL' });
  await expect(normal.getByRole('button', { name: /Add 5 training films/ })).toBeEnabled();
  await addFive(page, 'NORMAL');
});

test('a lost WebGL context during training abandons the run and reopens on wasm, examples kept', async ({ page }) => {
  await open(page, '?debug');
  for (const name of CXR.classes) await addFive(page, name);
  await widget(page).getByRole('button', { name: 'Train my head' }).click();
  await expect(widget(page)).toHaveAttribute('data-state', 'busy');
  await widget(page).evaluate((el) => el.removeAttribute('data-result'));
  await loseContext(page);
  await expect(widget(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const after = await widgetResult<HeadTrainerResult>(page, TRAINER, /"heldOut":\d+/, 90_000);
  expect(after.examples).toEqual([5, 5]);
  await expect(widget(page).getByRole('button', { name: 'Train my head' })).toBeEnabled();
  await widget(page).getByRole('button', { name: 'Train my head' }).click();
  expect((await widgetResult<HeadTrainerResult>(page, TRAINER, /"trained":true/, 90_000)).examples).toEqual([5, 5]);
});
