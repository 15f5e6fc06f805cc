/**
 * The softmax widget (chapter 1): tf.softmax on WebGL and wasm agrees with the step-by-step table; adding 1 to every
 * score changes no probability; a link asking for an impossible temperature is clamped with a note; keyboard, phone
 * width, tensors back to baseline.
 */
import type { Page } from '@playwright/test';
import type { SoftmaxResult } from '../../src/components/SoftmaxTemperature/run';
import { numTensors, openWidget, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/why-machines-read-scans/';
const TAG = 'lb-softmax';

const open = async (page: Page, query: string) =>
  (await openWidget<SoftmaxResult>(page, `${CHAPTER}${query}`, TAG, /"byHand":/)).result;

function expectAgreement(r: SoftmaxResult, digits: number): void {
  r.probabilities.forEach((p, i) => expect(p).toBeCloseTo(r.byHand[i] ?? NaN, digits));
  expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
}

test('tf.softmax on WebGL equals the table, and the table shows the same numbers', async ({ page }) => {
  const r = await open(page, '?debug');
  await expect(page.locator(TAG)).toHaveAttribute('data-backend', 'webgl');
  expectAgreement(r, 4);
  expect(r.top).toBe('CNV');
  await expect(page.locator(`${TAG} [data-role="row-p-0"]`)).toHaveText(r.byHand[0]!.toFixed(3));
  await expect(page.locator(`${TAG} [data-role="p-sum"]`)).toHaveText('1.000');
});

test('on wasm: shifting every score changes nothing, the temperature sharpens, by keyboard', async ({ page }) => {
  const first = await open(page, '?backend=wasm&debug');
  const baseline = await numTensors(page);
  expectAgreement(first, 6);
  await page.locator(`${TAG} [data-role="shift-up"]`).click();
  await expect(page.locator(TAG)).toHaveAttribute('data-result', /"scores":\[3,/);
  const up = await widgetResult<SoftmaxResult>(page, TAG, /"scores":\[3,/);
  up.probabilities.forEach((p, i) => expect(p).toBeCloseTo(first.probabilities[i] ?? NaN, 5));
  // The sliders and their read-outs follow a change made by a button.
  await expect(page.locator(`${TAG} [data-role="z-0"]`)).toHaveValue('3');
  await expect(page.locator(`${TAG} [data-role="z-value-0"]`)).toHaveText('3.00');
  await page.locator(`${TAG} [data-role="temperature"]`).focus();
  for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowLeft');
  const cold = await widgetResult<SoftmaxResult>(page, TAG, /"temperature":0\.2,/);
  await expect(page.locator(`${TAG} [data-role="temperature-value"]`)).toHaveText('0.20');
  expect(cold.probabilities[0]).toBeGreaterThan(0.99);
  expect(cold.top).toBe(first.top);
  expect(await numTensors(page)).toBe(baseline);
  expect(page.url()).toContain('sm.t=0.2');
});

test('a link asking for an impossible temperature is clamped with a note; fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const r = await open(page, '?backend=wasm&sm.t=99&sm.y=DME');
  expect([r.temperature, r.truth]).toEqual([5, 'DME']);
  await expect(page.locator(`${TAG} [data-role="url-note"]`)).toBeVisible();
  expect(r.loss).toBeCloseTo(-Math.log(r.probabilities[1]!), 6);
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
  expect(await smallTargets(page.locator(TAG))).toEqual([]);
});
