/**
 * The first real widget end to end: MobileNet runs on WebGL in the page and agrees with the same library code in
 * Node; bad input gives a message inside the widget while the rest of the page keeps working; a quick change of scan
 * never shows an older scan's answer; on a phone every control is a 24 px target and the page never scrolls sideways.
 */
import type { Page } from '@playwright/test';
import type { BackboneInspectorResult } from '../../src/components/BackboneInspector/run';
import { galleryScanOrSkip, loseContext, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { galleryScans, nodeImagenetProbabilities } from './node-reference';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/why-machines-read-scans/';
/** Browser and sharp decode JPEG independently (±1 grey level); measured gap ≈ 1e-3, so 0.02 is a loose bound. */
const PROBABILITY_TOLERANCE = 0.02;

/** The inspector's result once it is ready (its first run loads tfjs and MobileNet). */
function resultOf(page: Page): Promise<BackboneInspectorResult> {
  return widgetResult<BackboneInspectorResult>(page, 'lb-backbone-inspector', /top5/, 90_000);
}

test('runs MobileNet on WebGL and matches Node within tolerance', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  await page.goto(`${CHAPTER}?scan=${scan.id}&debug`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  const result = await resultOf(page);
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  expect(
    await page.evaluate(() => (window as unknown as { lightboxDebug: { backend: string } }).lightboxDebug.backend),
  ).toBe('webgl');
  expect(result.scan).toBe(scan.id);
  const reference = await nodeImagenetProbabilities(scan);
  const nodeTop = [...reference].map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p)[0]!;
  expect(result.top5[0]!.index).toBe(nodeTop.i);
  for (const entry of result.top5) {
    expect(Math.abs(entry.probability - (reference[entry.index] ?? 0))).toBeLessThan(PROBABILITY_TOLERANCE);
  }
  await expect(page.locator('lb-backbone-inspector [data-role="caption"]')).toContainText('CC BY 4.0');
  await expect(page.locator('lb-backbone-inspector tbody[data-role="layers"] tr')).toHaveCount(88);
});

test('tfjs is not fetched before the widget nears the viewport', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto(CHAPTER);
  await page.waitForLoadState('networkidle');
  const before = scripts.length;
  expect(await page.locator('lb-backbone-inspector').getAttribute('data-state')).toBe('idle');
  await page.locator('lb-backbone-inspector').scrollIntoViewIfNeeded();
  await expect(page.locator('lb-backbone-inspector')).not.toHaveAttribute('data-state', 'idle');
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(before);
});

test('an unknown ?backend= is explained inside the widget', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=nonsense`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'error');
  await expect(widget.locator('[data-role="status"]')).toContainText('Unknown backend "nonsense"');
  await expect(page.locator('.katex').first()).toBeVisible();
});

test('?backend=wasm runs on wasm', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=wasm`);
  await page.locator('lb-backbone-inspector').scrollIntoViewIfNeeded();
  await resultOf(page);
  await expect(page.locator('lb-backbone-inspector')).toHaveAttribute('data-backend', 'wasm');
});

test('missing backbone files give a message that says how to fix it', async ({ page, problems }) => {
  problems.allow(/weights\/backbones/);
  problems.allow(/Failed to load resource/);
  await page.route('**/weights/backbones/**', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(CHAPTER);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(widget.locator('[data-role="status"]')).toContainText('npm run setup');
});

test('without a gallery the reader can still use their own image; a broken file is refused', async ({
  page,
  problems,
}) => {
  problems.allow(/samples\/manifest\.json/);
  problems.allow(/Failed to load resource/);
  await page.route('**/samples/manifest.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(CHAPTER);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget.locator('[data-role="scan-message"]')).toContainText('Use your own image', { timeout: 60_000 });
  const input = widget.locator('input[type="file"]');
  await input.setInputFiles({ name: 'broken.jpeg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg') });
  await expect(widget.locator('[data-role="scan-message"]')).toContainText('could not be decoded');
  const scan = galleryScans()[0];
  test.skip(!scan, 'no gallery files to upload');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  await input.setInputFiles({
    name: 'mine.jpeg',
    mimeType: 'image/jpeg',
    buffer: readFileSync(join('public/samples', scan!.file)),
  });
  await expect(widget).toHaveAttribute('data-result', /file:mine\.jpeg/, { timeout: 90_000 });
});

test('a lost WebGL context falls back to wasm and the widget keeps working', async ({ page }) => {
  await page.goto(`${CHAPTER}?debug`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await resultOf(page);
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  await loseContext(page);
  await expect(widget).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(widget.locator('[data-role="status"]')).toContainText('context was lost');
  await expect(widget).toHaveAttribute('data-state', 'ready');
});

test('switching scans quickly ends on the last scan chosen', async ({ page }) => {
  await page.goto(`${CHAPTER}?backend=wasm`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  const first = (await resultOf(page)).scan;
  const others = galleryScans()
    .filter((s) => s.id !== first)
    .slice(0, 2);
  test.skip(others.length < 2, 'needs three gallery scans (npm run setup)');
  const last = others[1]!.id;
  const select = widget.locator('[data-role="scan-select"]');
  for (const id of [others[0]!.id, first, last]) await select.selectOption(id);
  await expect(widget).toHaveAttribute('data-result', new RegExp(`"scan":"${last}"`), { timeout: 60_000 });
  await expect(widget).toHaveAttribute('data-state', 'ready');
  await expect(widget.locator('[data-role="status"]')).toContainText('Top guess');
  // No slower answer for an earlier scan lands afterwards.
  await page.waitForTimeout(1000);
  expect((await resultOf(page)).scan).toBe(last);
});

test('on a phone every control is a 24 px target and the page never scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${CHAPTER}?backend=wasm`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', /ready/, { timeout: 90_000 });
  await widget
    .getByText(/layers of the loaded model/)
    .first()
    .click();
  await expect(widget.getByRole('region', { name: 'Layers of the loaded model' })).toBeVisible();
  expect(await smallTargets(widget)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
    0,
  );
});
