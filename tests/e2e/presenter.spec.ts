/**
 * Presenter mode (src/lib/view/presenter.ts), by keyboard alone: Tab to "Present", Enter; the widget fills the
 * screen with large type on the high-contrast theme and no page chrome; N / P step through the chapter's widgets;
 * the figure downloads as a valid PNG (signature, decoded size) and, for a chart, a valid SVG; Esc leaves and
 * focus returns to "Present". Accessible while presenting: named buttons, announced, 24 px targets, axe clean.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/neurons-and-networks/';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Presses Tab until `target` has focus (keyboard only; at most `limit` presses). */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the control');
}

/** Tabs to a button of the presenting widget, presses Enter, and returns the file it downloads. */
async function downloadBy(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  await tabTo(page, button);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

test('presenter mode by keyboard: full screen, next and previous, PNG and SVG, Esc', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${CHAPTER}?backend=wasm`);
  const neuron = page.locator('lb-neuron');
  const present = neuron.getByRole('button', { name: 'Present' });
  await neuron.scrollIntoViewIfNeeded();
  await expect(neuron).toHaveAttribute('data-result', /./, { timeout: 60_000 });
  await page.locator('body').focus();
  await page.evaluate(() => window.scrollTo(0, 0));
  await tabTo(page, present);
  await page.keyboard.press('Enter');

  await expect(neuron).toHaveAttribute('data-presenting', '');
  await expect(present).toHaveAttribute('aria-pressed', 'true');
  const status = neuron.locator('[data-role="tool-status"]');
  await expect(status).toContainText('Presenting figure 1 of');
  // Alone on the screen: the widget covers the viewport, the site's header is not what is at the top.
  const cover = await neuron.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(5, 5);
    const style = getComputedStyle(element);
    return {
      box: [box.x, box.y, box.width, box.height].map(Math.round),
      topInside: top !== null && element.contains(top),
      fontPx: parseFloat(style.fontSize) * (parseFloat(style.zoom) || 1),
      background: style.backgroundColor,
      colour: style.color,
    };
  });
  expect(cover.topInside).toBe(true);
  expect(cover.box[2]).toBeGreaterThanOrEqual(1280 / 1.8 - 1);
  expect(cover.fontPx).toBeGreaterThanOrEqual(24);
  expect([cover.background, cover.colour]).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  expect(await smallTargets(neuron)).toEqual([]);
  expect(await axeViolations(page, 'lb-neuron')).toEqual([]);

  // The chart's figure as SVG (parsed and drawn by librsvg through sharp) and PNG (signature and decoded size).
  const svg = await downloadBy(page, neuron.getByRole('button', { name: 'Download SVG' }));
  expect(svg.name).toBe('lb-neuron.svg');
  const svgMeta = await sharp(svg.bytes).metadata();
  expect(svgMeta.format).toBe('svg');
  expect(svgMeta.width).toBeGreaterThan(100);
  const png = await downloadBy(page, neuron.getByRole('button', { name: 'Download PNG' }));
  expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const decoded = await sharp(png.bytes).raw().toBuffer({ resolveWithObject: true });
  await expect(status).toContainText(`(${decoded.info.width} × ${decoded.info.height} pixels)`);
  expect(decoded.info.width).toBeGreaterThanOrEqual(200);

  // N: the next widget of the chapter takes the screen (and focus); P: back.
  await page.keyboard.press('n');
  const next = page.locator('.widget').nth(1);
  await expect(next).toHaveAttribute('data-presenting', '');
  await expect(neuron).not.toHaveAttribute('data-presenting', '');
  await expect(next).toBeFocused();
  await expect(next.locator('[data-role="tool-status"]')).toContainText('Presenting figure 2 of');
  await expect(next).toHaveAttribute('data-result', /./, { timeout: 60_000 });
  const nextPng = await downloadBy(page, next.getByRole('button', { name: 'Download PNG' }));
  expect(nextPng.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const nextMeta = await sharp(nextPng.bytes).metadata();
  expect(Math.max(nextMeta.width ?? 0, nextMeta.height ?? 0)).toBeGreaterThanOrEqual(200);
  await page.keyboard.press('p');
  await expect(neuron).toHaveAttribute('data-presenting', '');

  await page.keyboard.press('Escape');
  await expect(neuron).not.toHaveAttribute('data-presenting', '');
  await expect(neuron.locator('[data-role="presenter-bar"]')).toBeHidden();
  await expect(present).toBeFocused();
  await expect(present).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});
