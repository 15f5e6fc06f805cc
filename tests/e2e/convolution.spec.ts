/**
 * The convolution explorer (chapter 3): tf.conv2d on WebGL agrees with the same library code in Node; the detail of
 * an output pixel adds up to the value shown; it works by keyboard alone, fits a phone, keeps its state in the URL
 * and frees every tensor it makes.
 */
import type { Locator, Page } from '@playwright/test';
import type { ConvolutionResult } from '../../src/components/ConvolutionExplorer/run';
import { preset } from '../../src/lib/model/lessons/kernels';
import { galleryScanOrSkip, loseContext, numTensors, openWidget, widgetResult } from './chapter-reference';
import { nodeConvolution } from './convolution-reference';
import { expect, test } from './fixtures';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/convolution/';
const EXPLORER = 'lb-convolution-explorer';
/**
 * The browser and sharp decode JPEG independently (±1 grey level at some pixels, then rounded to whole levels);
 * Sobel y weighs 8 pixels with |w| ≤ 2, so one output can differ by a few levels; the mean over ~12,000 outputs
 * moves far less. Measured on the first OCT gallery scan: identical (difference 0).
 */
const SAMPLE_TOLERANCE = 8;
const MEAN_TOLERANCE = 0.5;

function widget(page: Page): Locator {
  return page.locator(EXPLORER);
}

/** The explorer's result once it is ready (its first run loads tfjs and the scan). */
function ready(page: Page): Promise<ConvolutionResult> {
  return widgetResult<ConvolutionResult>(page, EXPLORER, /"scan"/, 90_000);
}

async function open(page: Page, query: string): Promise<ConvolutionResult> {
  return (await openWidget<ConvolutionResult>(page, `${CHAPTER}?${query}`, EXPLORER, /"scan"/, 90_000)).result;
}

/** The detail's terms, divided by the divisor, equal tf.conv2d's value at that pixel. */
async function expectDetailAddsUp(page: Page): Promise<{ row: number; col: number }> {
  const sums = widget(page).locator('[data-role="detail-sums"]');
  await expect(sums).toHaveAttribute('data-network', /\d/);
  const data = await sums.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  const terms = JSON.parse(data.terms ?? '[]') as number[];
  const byHand = terms.reduce((a, b) => a + b, 0) / Number(data.divisor);
  expect(Math.abs(byHand - Number(data.network))).toBeLessThan(1e-3 * Math.max(1, Math.abs(byHand)));
  const shown = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
    .format(Math.round(Number(data.network) * 100) / 100 || 0)
    .replace('-', '−');
  await expect(sums.locator('.cv-result')).toContainText(`= ${shown}`);
  return { row: Number(data.row), col: Number(data.col) };
}

test('tf.conv2d on WebGL matches the library in Node on an OCT scan (Sobel y, stride 2, valid)', async ({ page }) => {
  const scan = galleryScanOrSkip('oct');
  const result = await open(page, `scan=${scan.id}&cv.k=sobel-y&cv.s=2&cv.p=valid&debug`);
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  expect(result).toMatchObject({
    scan: scan.id,
    choice: 'sobel-y',
    stride: 2,
    padding: 'valid',
    width: 111,
    height: 111,
  });
  const reference = await nodeConvolution(scan, preset('sobel-y'), 2, 'valid');
  expect(Math.abs(result.mean - reference.mean)).toBeLessThan(MEAN_TOLERANCE);
  const worst = Math.max(...result.samples.map((sample, i) => Math.abs(sample.value - reference.samples[i]!.value)));
  test.info().annotations.push({
    type: 'browser vs Node',
    description: `mean ${Math.abs(result.mean - reference.mean).toExponential(2)}, worst sample ${worst}`,
  });
  result.samples.forEach((sample, i) => {
    expect(sample).toMatchObject({ row: reference.samples[i]!.row, col: reference.samples[i]!.col });
    expect(Math.abs(sample.value - reference.samples[i]!.value)).toBeLessThanOrEqual(SAMPLE_TOLERANCE);
  });
  await expect(widget(page).locator('[data-role="caption"]')).toContainText('CC BY 4.0');
  await expect(widget(page).locator('[data-role="size-formula"]')).toContainText('⌊(224 + 0 + 0 − 3) / 2⌋ + 1 = 111');
  await widget(page)
    .locator('canvas[data-role="output"]')
    .hover({ position: { x: 40, y: 60 } });
  await expectDetailAddsUp(page);
});

test('keyboard only: choose a kernel, edit a weight, walk the output pixels', async ({ page }) => {
  await open(page, 'backend=wasm');
  const root = widget(page);
  await root.locator('select[data-role="preset"]').focus();
  await page.keyboard.press('Home');
  await expect(root).toHaveAttribute('data-result', /"choice":"identity"/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2');
  await expect(root).toHaveAttribute('data-result', /"choice":"custom3".*"weights":\[2,0,0,0,1/);
  expect(page.url()).toContain('cv.k=custom3');
  expect(page.url()).toContain('cv.w=2_0_0_0_1_0_0_0_0');
  const frame = root.locator('[data-role="output-frame"]');
  for (let i = 0; i < 20 && !(await frame.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(frame).toBeFocused();
  const start = await expectDetailAddsUp(page);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown'])
    await page.keyboard.press(key);
  await expect(root.locator('[data-role="detail-sums"]')).toHaveAttribute('data-col', String(start.col + 3));
  const moved = await expectDetailAddsUp(page);
  expect(moved).toEqual({ row: start.row + 2, col: start.col + 3 });
  await expect(root.locator('[data-role="patch-box"]')).toBeVisible();
});

test('state round-trips through the URL', async ({ page }) => {
  const weights = [1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const result = await open(page, `backend=wasm&cv.k=custom5&cv.w=${weights.join('_')}&cv.d=2&cv.s=3&cv.p=valid`);
  expect(result).toMatchObject({
    choice: 'custom5',
    kernel: { size: 5, weights, divisor: 2 },
    stride: 3,
    padding: 'valid',
    width: 74,
    height: 74,
  });
  const root = widget(page);
  await expect(root.locator('select[data-role="preset"]')).toHaveValue('custom5');
  await expect(root.locator('input[data-role="weight"]')).toHaveCount(25);
  await expect(root.locator('input[data-role="divisor"]')).toHaveValue('2');
  await expect(root.locator('select[data-role="stride"]')).toHaveValue('3');
  await expect(root.locator('input[data-role="padding"][value="valid"]')).toBeChecked();
});

test('at 360 px the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, 'backend=wasm');
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
});

test('at 360 px every control is a target of at least 24 × 24 px, and a 5 × 5 kernel’s too', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, 'backend=wasm');
  expect(await smallTargets(widget(page))).toEqual([]);
  await widget(page).locator('select[data-role="preset"]').selectOption('gauss5');
  await expect(widget(page).locator('input[data-role="weight"]')).toHaveCount(25);
  expect(await smallTargets(widget(page))).toEqual([]);
});

test('tensors return to their baseline after 50 interactions', async ({ page }) => {
  await open(page, 'backend=wasm&debug');
  const baseline = await numTensors(page);
  const root = widget(page);
  const stride = root.locator('select[data-role="stride"]');
  const kernels = ['box3', 'gauss5', 'sharpen', 'laplacian', 'sobel-x'];
  for (let i = 0; i < 50; i++) {
    if (i % 3 === 0) await root.locator('select[data-role="preset"]').selectOption(kernels[i % kernels.length]!);
    else if (i % 3 === 1) await stride.selectOption(String((i % 4) + 1));
    else await root.locator(`input[data-role="padding"][value="${i % 2 ? 'valid' : 'same'}"]`).check();
  }
  const final = await ready(page);
  expect(final.stride).toBe(Number(await stride.inputValue()));
  expect(await numTensors(page)).toBe(baseline);
  test.info().annotations.push({
    type: 'ms per convolution on wasm',
    description: (await root.getAttribute('data-last-ms')) ?? '',
  });
});

test('a lost WebGL context: the explorer and the filters carry on with wasm', async ({ page }) => {
  await page.goto(`${CHAPTER}?debug`);
  const filters = page.locator('lb-first-filters');
  await filters.scrollIntoViewIfNeeded();
  await expect(filters).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await widget(page).scrollIntoViewIfNeeded();
  await ready(page);
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  await loseContext(page);
  await expect(widget(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(filters).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await widget(page).locator('select[data-role="stride"]').selectOption('2');
  expect((await ready(page)).width).toBe(112);
  // Widgets pause offscreen (the widget scaffold): the filters compute again once the reader scrolls back to them.
  await filters.scrollIntoViewIfNeeded();
  await expect(filters).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('tapping an output pixel explains it', async ({ page }) => {
    await open(page, 'backend=wasm');
    const canvas = widget(page).locator('canvas[data-role="output"]');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.25, box.y + box.height * 0.75);
    await expect(widget(page).locator('[data-role="detail-sums"]')).not.toHaveAttribute('data-row', '112');
    const cell = await expectDetailAddsUp(page);
    expect(Math.abs(cell.col - 56)).toBeLessThanOrEqual(2);
    expect(Math.abs(cell.row - 168)).toBeLessThanOrEqual(2);
  });
});
