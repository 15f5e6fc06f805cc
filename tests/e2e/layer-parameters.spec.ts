/** Fully connected vs convolutional parameter counts (chapter 2): real tfjs layers, keyboard, URL, tensors. */
import type { Locator, Page } from '@playwright/test';
import type { LayerParametersResult } from '../../src/components/LayerParameters/run';
import { numTensors, openWidget, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/neurons-and-networks/';
const INPUTS = 224 * 224 * 3;
const WIDGET = 'lb-layer-parameters';

function widget(page: Page): Locator {
  return page.locator(WIDGET);
}

/** The widget's result once it is ready. */
function result(page: Page): Promise<LayerParametersResult> {
  return widgetResult<LayerParametersResult>(page, WIDGET, /"conv":/);
}

async function open(page: Page, query: string): Promise<LayerParametersResult> {
  return (await openWidget<LayerParametersResult>(page, `${CHAPTER}${query}`, WIDGET, /"conv":/)).result;
}

function expectCounts(r: LayerParametersResult): void {
  const { count: n, kernel: k } = r;
  expect(r.conv).toBe(k * k * 3 * n + n);
  expect(r.dense).toBe(INPUTS * n + n);
  expect(r.convShape).toEqual([224, 224, n]);
  expect(r.denseMap).toBe(INPUTS * 224 * 224 * n + 224 * 224 * n);
  expect(r.unshared).toBe(224 * 224 * n * (k * k * 3 + 1));
  expect(r.measuredDense).toBe(16 * 16 * 3 * n + n);
}

test('counts real layers on WebGL; keyboard changes recount; state in the URL', async ({ page }) => {
  const first = await open(page, '?lp.n=64&lp.k=5');
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  expect(first).toMatchObject({ count: 64, kernel: 5 });
  expectCounts(first);
  await expect(widget(page).locator('li[data-row="conv"] [data-role="params"]')).toHaveText('4,864');
  await widget(page).locator('input[data-role="count"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(widget(page)).toHaveAttribute('data-result', /"count":65/);
  await widget(page).locator('select[data-role="kernel"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(widget(page)).toHaveAttribute('data-result', /"kernel":7/);
  expectCounts(await result(page));
  expect(page.url()).toContain('lp.n=65');
  expect(page.url()).toContain('lp.k=7');
});

test('at 360 px every control is a target of at least 24 × 24 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '?backend=wasm');
  expect(await smallTargets(widget(page))).toEqual([]);
});

test('at 360 px the page does not scroll sideways; tensors return to baseline after 50 interactions', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '?backend=wasm&debug');
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
  const baseline = await numTensors(page);
  const slider = widget(page).locator('input[data-role="count"]');
  for (let i = 0; i < 50; i++) {
    if (i % 10 === 9)
      await widget(page)
        .locator('select[data-role="kernel"]')
        .selectOption(String([1, 3, 5, 7][i % 4]));
    else {
      await slider.focus();
      await page.keyboard.press('PageUp');
    }
  }
  expectCounts(await result(page));
  expect(await numTensors(page)).toBe(baseline);
  test.info().annotations.push({
    type: 'ms per interaction on wasm',
    description: (await widget(page).getAttribute('data-last-ms')) ?? '',
  });
});
