/**
 * Chapter 4, Pooling: the pooling explorer's output equals tf.maxPool/avgPool run by the same library code in Node
 * (wasm) on the same scan; the shift experiment's curve equals Node's; both work by keyboard alone, fit a phone,
 * keep their state in the URL and return tfjs to its tensor count after 50 interactions.
 */
import type { PoolingResult } from '../../src/components/PoolingExplorer/run';
import type { ShiftExperimentResult } from '../../src/components/ShiftExperiment/run';
import { backboneInfo } from '../../src/lib/model/core/backbone';
import { poolGrid, pooledSize, scanGrid, summarise } from '../../src/lib/model/lessons/pooling';
import { firstStageLayer } from '../../src/lib/model/core/probe';
import { driftCurve, otherScanDistance } from '../../src/lib/model/lessons/shift';
import { nodeRuntime } from '../../src/node/runtime';
import {
  decodeScan,
  galleryScanOrSkip,
  nodeClassifier,
  nodeOtherScans,
  numTensors,
  openWidget,
  widgetResult,
} from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/pooling/';
const POOL = 'lb-pooling-explorer';
const SHIFT = 'lb-shift-experiment';
/**
 * The browser and sharp decode the same JPEG; preprocessing is plain JavaScript on both sides. Pooled grey levels
 * (0..255) may still differ by a JPEG decoder's rounding: 1 grey level per value, 0.25 on the mean.
 */
const GREY_TOLERANCE = { value: 1, mean: 0.25 };
/** Relative changes (0..~0.5) through 28 layers on two backends; measured gaps are ~1e-4. */
const DRIFT_TOLERANCE = 0.005;

test('pooling on WebGL, moved by keyboard, equals Node on wasm', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const { widget } = await openWidget<PoolingResult>(page, `${CHAPTER}?scan=${scan.id}&debug`, POOL, /"window":2/);
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  await widget.getByRole('radio', { name: 'Max' }).focus();
  await page.keyboard.press('ArrowRight');
  await widget.getByRole('slider', { name: /Window/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await widget.getByRole('slider', { name: /Stride/ }).focus();
  await page.keyboard.press('ArrowRight');
  const result = await widgetResult<PoolingResult>(page, POOL, /"op":"avg","window":4,"stride":3/);
  const side = pooledSize(224, 4, 3);
  expect(result.size).toEqual([side, side]);
  await expect(widget.locator('[data-role="after-size"]')).toHaveText(`${side} × ${side}`);

  const { tf } = await nodeRuntime();
  const node = await poolGrid(
    tf,
    scanGrid(await decodeScan(scan), backboneInfo('mobilenet_v1_0.25_224').input),
    'avg',
    4,
    3,
  );
  const reference = summarise(node);
  expect(Math.abs(result.mean - reference.mean)).toBeLessThan(GREY_TOLERANCE.mean);
  const cellValue = node.values[result.cell.row * node.width + result.cell.col] ?? Number.NaN;
  expect(Math.abs(result.cell.value - cellValue)).toBeLessThanOrEqual(GREY_TOLERANCE.value);
  await expect(widget.locator('[data-role="caption"]')).toContainText('CC BY 4.0');
});

test('keyboard only: the inspected cell moves, the URL keeps the view, and a reload restores it', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const { widget, result: first } = await openWidget<PoolingResult>(
    page,
    `${CHAPTER}?scan=${scan.id}&backend=wasm`,
    POOL,
    /"window":2/,
  );
  const map = widget.getByRole('img', { name: /Pooled map/ });
  await map.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  const moved = await widgetResult<PoolingResult>(
    page,
    POOL,
    new RegExp(`"row":${first.cell.row + 1},"col":${first.cell.col + 8}`),
  );
  await expect(widget.locator('[data-role="readout"]')).toContainText(
    `row ${moved.cell.row + 1}, column ${moved.cell.col + 1}`,
  );
  await expect(widget.locator('[data-role="numbers"] td')).toHaveCount(4);
  expect(new URL(page.url()).searchParams.get('pool.r')).toBe(String(moved.cell.row));
  await page.reload();
  await page.locator(POOL).scrollIntoViewIfNeeded();
  const restored = await widgetResult<PoolingResult>(page, POOL, /"window":2/);
  expect(restored.cell).toEqual(moved.cell);
});

test('fits a 360 px phone with no horizontal scroll once both widgets have run', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${CHAPTER}?backend=wasm&scan=${scan.id}`);
  for (const selector of [POOL, SHIFT]) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    await widgetResult(page, selector, /scan/, 60_000);
  }
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(361);
  // The shift experiment, chart drawn, on the phone: 24 px targets (WCAG 2.5.8), no serious axe violations.
  await page.locator(SHIFT).locator('details summary').click();
  expect(await smallTargets(page.locator(SHIFT))).toEqual([]);
  expect(await axeViolations(page, SHIFT)).toEqual([]);
});

test('pooling: tfjs tensors return to their baseline after 50 interactions', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const { widget } = await openWidget(page, `${CHAPTER}?scan=${scan.id}&backend=wasm&debug`, POOL, /"window":2/);
  const baseline = await numTensors(page);
  const window = widget.getByRole('slider', { name: /Window/ });
  await window.focus();
  for (let i = 0; i < 50; i++) await page.keyboard.press(i % 10 < 5 ? 'ArrowRight' : 'ArrowLeft');
  await widgetResult(page, POOL, /"window":2/);
  await expect.poll(() => numTensors(page), { timeout: 20_000 }).toBe(baseline);
});

test('shift experiment: the curve for black fill equals Node on wasm', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const url = `${CHAPTER}?scan=${scan.id}&backend=wasm`;
  const { widget } = await openWidget<ShiftExperimentResult>(page, url, SHIFT, /"fill":"edge"/);
  await widget.getByLabel('Uncovered strip').selectOption('zero');
  const result = await widgetResult<ShiftExperimentResult>(page, SHIFT, /"fill":"zero"/);
  await expect(widget.locator('.shift__plot svg')).toBeVisible();

  const { tf } = await nodeRuntime();
  const classifier = await nodeClassifier('cxr');
  const options = {
    direction: result.direction,
    fill: result.fill,
    maxShift: 16,
    earlyLayer: firstStageLayer(classifier.backbone).name,
    pooledLayer: classifier.meta.feature.layer,
    spec: classifier.meta.input,
  };
  expect([result.earlyLayer, result.pooledLayer]).toEqual([options.earlyLayer, options.pooledLayer]);
  const image = await decodeScan(scan);
  const curve = await driftCurve(tf, classifier.backbone, image, options);
  const yard = await otherScanDistance(tf, classifier.backbone, image, await nodeOtherScans(scan, 4), options);
  let worst = Math.max(
    Math.abs(yard.early - result.yardstick!.early),
    Math.abs(yard.last - result.yardstick!.last),
    Math.abs(yard.pooled - result.yardstick!.pooled),
  );
  curve.forEach((point, i) => {
    const seen = result.curve[i]!;
    expect(seen.shift).toBe(point.shift);
    worst = Math.max(
      worst,
      Math.abs(seen.early - point.early),
      Math.abs(seen.last - point.last),
      Math.abs(seen.pooled - point.pooled),
    );
  });
  test.info().annotations.push({ type: 'max abs difference', description: worst.toExponential(2) });
  expect(worst).toBeLessThan(DRIFT_TOLERANCE);
});

test('shift experiment: keyboard only, and tensors return to baseline after 50 interactions', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const url = `${CHAPTER}?scan=${scan.id}&backend=wasm&debug`;
  const { widget } = await openWidget(page, url, SHIFT, /"direction":"right"/);
  const baseline = await numTensors(page);
  const slider = widget.getByRole('slider');
  await slider.focus();
  for (let i = 0; i < 48; i++) await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
  await expect(widget.locator('[data-role="at-out"]')).toHaveText('4 px');
  // The slider only draws what the render computed: the preview, the URL and the published result follow it.
  await page.keyboard.press('ArrowRight');
  await expect(widget).toHaveAttribute('data-result', /"at":5,/);
  const preview = widget.getByRole('img', { name: 'The scan as the network receives it, shifted 5 px right' });
  await expect(preview).toBeVisible();
  expect(new URL(page.url()).searchParams.get('shift.at')).toBe('5');
  const direction = widget.getByLabel('Direction');
  await direction.focus();
  await page.keyboard.press('ArrowDown');
  await widgetResult(page, SHIFT, /"direction":"down"/);
  await page.keyboard.press('ArrowUp');
  await widgetResult(page, SHIFT, /"direction":"right"/);
  expect(new URL(page.url()).searchParams.get('shift.dir')).toBe('right');
  await expect.poll(() => numTensors(page), { timeout: 20_000 }).toBe(baseline);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, viewport: { width: 360, height: 740 } });

  test('tapping the pooled map picks the cell under the finger', async ({ page }) => {
    const scan = galleryScanOrSkip('cxr');
    const url = `${CHAPTER}?scan=${scan.id}&backend=wasm`;
    const { widget, result } = await openWidget<PoolingResult>(page, url, POOL, /"window":2/);
    const { size } = result;
    const map = widget.getByRole('img', { name: /Pooled map/ });
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.755, box.y + box.height * 0.255);
    const expected = { row: Math.floor(0.255 * size[0]), col: Math.floor(0.755 * size[1]) };
    const tapped = await widgetResult<PoolingResult>(
      page,
      POOL,
      new RegExp(`"row":${expected.row},"col":${expected.col}`),
    );
    expect(tapped.cell).toMatchObject(expected);
  });
});
