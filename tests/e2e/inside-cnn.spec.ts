/**
 * Chapter 5, Inside the CNN: the shipped head's prediction, the layer statistics and the enlarged channel equal the
 * same library code in Node (wasm) on the same scan; receptive fields match Node's walk of the model; the browser
 * works by keyboard alone, fits a phone, keeps its state in the URL and frees every tensor it makes.
 */
import type { Page } from '@playwright/test';
import type { InsideCnnResult } from '../../src/components/InsideCnn/run';
import { activationStats } from '../../src/lib/model/core/activations';
import { channelSum } from '../../src/lib/model/core/grid';
import { fieldOnScan, modelReceptiveFields } from '../../src/lib/model/lessons/receptive-field';
import {
  decodeScan,
  galleryScanOrSkip,
  loseContext,
  nodeClassifier,
  numTensors,
  openWidget,
  publishedResult,
  widgetResult,
} from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/inside-the-cnn/';
const CNN = 'lb-inside-cnn';
/** WebGL (float32 on SwiftShader) against wasm: probabilities within 0.02, activations within 1e-3 relative. */
const PROBABILITY_TOLERANCE = 0.02;
const ACTIVATION_TOLERANCE = 1e-3;

/**
 * Opens the chapter with `query` on the gallery's first scan of `dataset` (the test skips without it or the dataset's
 * head) and returns the browser's first result matching `pattern`.
 */
async function openOn(page: Page, dataset: 'cxr' | 'oct', query: string, pattern = /"layer"/, timeout?: number) {
  const scan = galleryScanOrSkip(dataset, dataset);
  const url = `${CHAPTER}?scan=${scan.id}${query}`;
  return { scan, ...(await openWidget<InsideCnnResult>(page, url, CNN, pattern, timeout)) };
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

test('on WebGL: prediction, the last layer and an enlarged channel equal Node on wasm', async ({ page }) => {
  const { scan, widget, result: first } = await openOn(page, 'cxr', '&debug', /"layer"/, 90_000);
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  const classifier = await nodeClassifier('cxr');
  const lastLayer = classifier.meta.feature.layer;
  await widget.getByRole('combobox', { name: /^Layer/ }).focus();
  await page.keyboard.press('End');
  await widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"layer":"${lastLayer}"`));
  const pressed = widget.locator('[data-role="grid"] button[aria-pressed="true"]');
  await pressed.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const chosen = Number(await pressed.getAttribute('data-channel'));
  const result = await widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"channel":${chosen}(?!\\d)`));
  expect(first.layer).not.toBe(lastLayer);

  const image = await decodeScan(scan);
  const probabilities = await classifier.predict(image);
  expect(result.classes).toEqual(classifier.meta.classes);
  result.probabilities.forEach((p, i) =>
    expect(Math.abs(p - (probabilities[i] ?? Number.NaN))).toBeLessThan(PROBABILITY_TOLERANCE),
  );
  const [activation] = await classifier.activations(image, [lastLayer]);
  expect(result.shape).toEqual(activation!.shape);
  const stats = activationStats(activation!.data);
  expect(close(result.stats.mean, stats.mean, ACTIVATION_TOLERANCE)).toBe(true);
  expect(close(result.stats.max, stats.max, ACTIVATION_TOLERANCE)).toBe(true);
  const channels = activation!.shape[2]!;
  expect(close(result.channelSum, channelSum(activation!.data, channels, result.channel), ACTIVATION_TOLERANCE)).toBe(
    true,
  );
  const width = activation!.shape[1]!;
  const nodeValue = activation!.data[(result.row * width + result.col) * channels + result.channel] ?? Number.NaN;
  expect(close(result.value, nodeValue, ACTIVATION_TOLERANCE)).toBe(true);
  const field = modelReceptiveFields(classifier.backbone).get(lastLayer)!;
  const size = classifier.meta.input.size;
  const onScan = fieldOnScan(field, result.row, result.col, size);
  expect(result.field).toEqual({ size: field.size[0], jump: field.jump[0], share: onScan.share, whole: onScan.whole });
  await expect(widget.locator('[data-role="caption"]')).toContainText('CC BY 4.0');

  // The corner position's field, wider than the scan, still misses part of it: the read-out says how much.
  const zoom = widget.locator('[data-role="zoom"]');
  await zoom.focus();
  for (let i = 0; i < width; i++) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
  }
  const corner = await widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"row":${width - 1},"col":${width - 1}`));
  const cornerField = fieldOnScan(field, width - 1, width - 1, size);
  expect(corner.field).toMatchObject({ whole: false, share: cornerField.share });
  expect(cornerField.share).toBeLessThan(1);
  await expect(widget.locator('[data-role="rf-text"]')).toContainText('hangs over the bottom and right edge');
});

test('keyboard only: grid, enlarged map and layer list; the URL restores the view', async ({ page }) => {
  const { widget, result: first } = await openOn(page, 'cxr', '&backend=wasm');
  await widget.getByRole('combobox', { name: /^Layer/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await publishedResult<InsideCnnResult>(widget)).layer).not.toBe(first.layer);
  await expect(widget).toHaveAttribute('data-state', 'ready');
  const grid = widget.locator('[data-role="grid"]');
  await grid.locator('button[aria-pressed="true"]').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(grid.locator('button[aria-pressed="true"]')).toHaveAttribute('data-channel', '1');
  const zoom = widget.getByRole('img', { name: /enlarged/ });
  await zoom.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowLeft');
  const moved = await widgetResult<InsideCnnResult>(page, CNN, /"channel":1,/);
  expect(moved.layer).not.toBe(first.layer);
  await expect(widget.locator('[data-role="zoom-caption"]')).toContainText(
    `row ${moved.row + 1}, column ${moved.col + 1}`,
  );
  await expect(widget.locator('[data-role="rf-text"]')).toContainText(`${moved.field!.size} × ${moved.field!.size} px`);
  await page.reload();
  await page.locator(CNN).scrollIntoViewIfNeeded();
  const restored = await widgetResult<InsideCnnResult>(page, CNN, /"layer"/);
  expect([restored.layer, restored.channel, restored.row, restored.col]).toEqual([
    moved.layer,
    moved.channel,
    moved.row,
    moved.col,
  ]);
});

test('an OCT scan switches to the OCT head and shows its teaching-model notice', async ({ page }) => {
  const { scan, widget, result } = await openOn(page, 'oct', '&backend=wasm', /"task":"oct"/);
  const classifier = await nodeClassifier('oct');
  expect(result.classes).toEqual(classifier.meta.classes);
  if (classifier.meta.notice) await expect(widget.locator('[data-role="notice"]')).toHaveText(classifier.meta.notice);
  const probabilities = await classifier.predict(await decodeScan(scan));
  result.probabilities.forEach((p, i) =>
    expect(Math.abs(p - (probabilities[i] ?? Number.NaN))).toBeLessThan(PROBABILITY_TOLERANCE),
  );
  await expect(widget.locator('[data-role="arch"] tr')).toHaveCount(classifier.backbone.layers.length);
});

test('fits a 360 px phone with no horizontal scroll, every control a 24 px target', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${CHAPTER}?backend=wasm&scan=${scan.id}`);
  await page.locator(CNN).scrollIntoViewIfNeeded();
  await widgetResult(page, CNN, /"layer"/);
  await page.locator(`${CNN} details summary`).click();
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(361);
  expect(await smallTargets(page.locator(CNN))).toEqual([]);
  expect(await axeViolations(page, CNN)).toEqual([]);
});

test('tfjs tensors return to their baseline after 50 interactions', async ({ page }) => {
  const { widget } = await openOn(page, 'cxr', '&backend=wasm&debug');
  const baseline = await numTensors(page);
  await widget.getByRole('combobox', { name: /^Layer/ }).focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press(i < 20 ? 'ArrowDown' : 'ArrowUp');
  await widget.getByRole('img', { name: /enlarged/ }).focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  await expect(widget).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => numTensors(page), { timeout: 30_000 }).toBe(baseline);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, viewport: { width: 360, height: 740 } });

  test('tapping a channel enlarges it; tapping the enlarged map picks a position', async ({ page }) => {
    const { widget, result: first } = await openOn(page, 'cxr', '&backend=wasm');
    const target = first.channel === 2 ? 3 : 2;
    await widget.locator(`[data-role="grid"] button[data-channel="${target}"]`).tap();
    await widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"channel":${target},`));
    const zoom = widget.getByRole('img', { name: /enlarged/ });
    await zoom.scrollIntoViewIfNeeded();
    const box = (await zoom.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.105, box.y + box.height * 0.905);
    const [height, width] = first.shape;
    const expected = { row: Math.floor(0.905 * height!), col: Math.floor(0.105 * width!) };
    const tapped = await widgetResult<InsideCnnResult>(
      page,
      CNN,
      new RegExp(`"row":${expected.row},"col":${expected.col}`),
    );
    expect(tapped.channel).toBe(target);
  });
});

test('a lost WebGL context reloads the model on wasm and the browser keeps working', async ({ page }) => {
  const { widget, result: before } = await openOn(page, 'cxr', '&debug', /"layer"/, 90_000);
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  await widget.evaluate((el) => el.removeAttribute('data-result'));
  await loseContext(page);
  await expect(widget).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const after = await widgetResult<InsideCnnResult>(page, CNN, /"layer"/);
  expect([after.layer, after.channel]).toEqual([before.layer, before.channel]);
  after.probabilities.forEach((p, i) =>
    expect(Math.abs(p - (before.probabilities[i] ?? Number.NaN))).toBeLessThan(PROBABILITY_TOLERANCE),
  );
});
