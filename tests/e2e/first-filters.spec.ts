/**
 * MobileNet's first-layer filters (chapter 3): read from the loaded model, run on WebGL, agree with the library in
 * Node; a filter's grey kernel loads into the convolution explorer; both widgets follow one scan choice; keyboard,
 * phone width and tensor hygiene.
 */
import type { Locator, Page } from '@playwright/test';
import type { ConvolutionResult } from '../../src/components/ConvolutionExplorer/run';
import type { FirstFiltersResult } from '../../src/components/FirstFilters/run';
import { galleryScanOrSkip, numTensors, openWidget, publishedResult, widgetResult } from './chapter-reference';
import { nodeFirstLayer } from './convolution-reference';
import { expect, test } from './fixtures';
import { galleryScans } from './node-reference';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/convolution/';
const FILTERS = 'lb-first-filters';
const EXPLORER = 'lb-convolution-explorer';
/** Browser and sharp decoders may differ by one grey level (1/127.5 after scaling), times |w|₁ ≤ 12 of a filter. */
const VALUE_TOLERANCE = 0.1;
const MEAN_TOLERANCE = 0.01;

function widget(page: Page): Locator {
  return page.locator(FILTERS);
}

/** The result of the widget matching `selector` once it is ready (its first run loads tfjs and the backbone). */
function result<T = FirstFiltersResult>(page: Page, selector = FILTERS): Promise<T> {
  return widgetResult<T>(page, selector, /"scan"/, 90_000);
}

test('reads conv1 from the model, runs it on WebGL and matches Node', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const url = `${CHAPTER}?scan=${scan.id}`;
  const { result: r } = await openWidget<FirstFiltersResult>(page, url, FILTERS, /"scan"/, 90_000);
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  expect(r).toMatchObject({ scan: scan.id, layer: 'conv1', mode: 'raw', shape: [112, 112, 8] });
  await expect(widget(page).locator('[data-role="layer-info"]')).toContainText(
    '8 filters of 3 × 3 × 3 weights, stride 2',
  );
  await expect(widget(page).locator('ol[data-role="filters"] > li')).toHaveCount(8);
  await expect(widget(page).locator('[data-role="caption"]')).toContainText('CC BY 4.0');
  const reference = await nodeFirstLayer(scan);
  expect(reference.shape).toEqual(r.shape);
  let worst = 0;
  r.maps.forEach((map, f) => {
    const node = reference.maps[f]!;
    worst = Math.max(worst, Math.abs(map.min - node.min), Math.abs(map.max - node.max));
    expect(Math.abs(map.min - node.min)).toBeLessThan(VALUE_TOLERANCE);
    expect(Math.abs(map.max - node.max)).toBeLessThan(VALUE_TOLERANCE);
    expect(Math.abs(map.mean - node.mean)).toBeLessThan(MEAN_TOLERANCE);
  });
  test
    .info()
    .annotations.push({ type: 'worst min/max difference, browser vs Node', description: worst.toExponential(2) });
});

test('a filter’s grey kernel loads into the explorer, and both widgets follow one scan', async ({ page }) => {
  const scans = galleryScans();
  test.skip(scans.length < 2, 'needs two gallery scans');
  await page.goto(`${CHAPTER}?backend=wasm&scan=${scans[0]!.id}`);
  const explorer = page.locator(EXPLORER);
  await explorer.scrollIntoViewIfNeeded();
  await result<ConvolutionResult>(page, EXPLORER);
  await widget(page).scrollIntoViewIfNeeded();
  await result(page);
  const card = widget(page).locator('li[data-kind="grey"]').first();
  const shown = await card.locator('table td').allTextContents();
  await card.getByRole('button').click();
  await expect(explorer).toHaveAttribute('data-result', /"choice":"custom3"/);
  const { weights } = (await publishedResult<ConvolutionResult>(explorer)).kernel;
  expect(
    weights.map((w) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(w || 0).replace('-', '−')),
  ).toEqual(shown);
  await expect(explorer).toBeInViewport();
  await explorer.locator('select[data-role="scan-select"]').selectOption(scans[1]!.id);
  await expect(explorer).toHaveAttribute('data-result', new RegExp(`"scan":"${scans[1]!.id}"`));
  // The first filters follow at once in their picker; their maps are computed when they are on screen again (the
  // widget scaffold holds back work offscreen).
  await expect(widget(page).locator('select[data-role="scan-select"]')).toHaveValue(scans[1]!.id);
  await widget(page).scrollIntoViewIfNeeded();
  await expect(widget(page)).toHaveAttribute('data-result', new RegExp(`"scan":"${scans[1]!.id}"`));
});

test('keyboard: the block view; 360 px with 24 px targets; tensors back to baseline after 50 interactions', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openWidget(page, `${CHAPTER}?backend=wasm&debug`, FILTERS, /"scan"/, 90_000);
  const baseline = await numTensors(page);
  await widget(page).locator('input[data-role="mode"][value="raw"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(widget(page)).toHaveAttribute('data-result', /"mode":"block"/);
  const block = await result(page);
  expect(block.maps.every((m) => m.min >= 0)).toBe(true);
  expect(page.url()).toContain('ff.m=block');
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
  expect(await smallTargets(widget(page))).toEqual([]);
  expect(await axeViolations(page, FILTERS)).toEqual([]);
  for (let i = 0; i < 49; i++) await page.keyboard.press(i % 2 ? 'ArrowDown' : 'ArrowUp');
  const last = await result(page);
  expect(last.mode).toBe('raw');
  expect(await numTensors(page)).toBe(baseline);
  test.info().annotations.push({
    type: 'ms per interaction on wasm',
    description: (await widget(page).getAttribute('data-last-ms')) ?? '',
  });
});
