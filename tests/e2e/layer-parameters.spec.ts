/** Fully connected vs convolutional parameter counts (chapter 2): real tfjs layers, keyboard, URL, tensors. */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const CHAPTER = '/chapters/neurons-and-networks/';
const INPUTS = 224 * 224 * 3;

interface Result {
  count: number;
  kernel: number;
  dense: number;
  denseMap: number;
  unshared: number;
  conv: number;
  convShape: number[];
  measuredDense: number;
}

function widget(page: Page): Locator {
  return page.locator('lb-layer-parameters');
}

/** Controls of the widget smaller than WCAG 2.5.8's target size, 24 × 24 CSS px (there should be none). */
function smallTargets(root: Locator): Promise<string[]> {
  return root.evaluate((element) =>
    [...element.querySelectorAll('input, select, button, textarea, [tabindex]')]
      .filter((control) => control.getClientRects().length > 0)
      .map((control) => ({ control, box: control.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ control, box }) => `${control.outerHTML.slice(0, 90)}: ${box.width} × ${box.height}`),
  );
}

async function result(page: Page): Promise<Result> {
  await expect(widget(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  return JSON.parse((await widget(page).getAttribute('data-result')) ?? '{}') as Result;
}

function expectCounts(r: Result): void {
  const { count: n, kernel: k } = r;
  expect(r.conv).toBe(k * k * 3 * n + n);
  expect(r.dense).toBe(INPUTS * n + n);
  expect(r.convShape).toEqual([224, 224, n]);
  expect(r.denseMap).toBe(INPUTS * 224 * 224 * n + 224 * 224 * n);
  expect(r.unshared).toBe(224 * 224 * n * (k * k * 3 + 1));
  expect(r.measuredDense).toBe(16 * 16 * 3 * n + n);
}

test('counts real layers on WebGL; keyboard changes recount; state in the URL', async ({ page }) => {
  await page.goto(`${CHAPTER}?lp.n=64&lp.k=5`);
  await widget(page).scrollIntoViewIfNeeded();
  const first = await result(page);
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
  await page.goto(`${CHAPTER}?backend=wasm`);
  await widget(page).scrollIntoViewIfNeeded();
  await result(page);
  expect(await smallTargets(widget(page))).toEqual([]);
});

test('at 360 px the page does not scroll sideways; tensors return to baseline after 50 interactions', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${CHAPTER}?backend=wasm&debug`);
  await widget(page).scrollIntoViewIfNeeded();
  await result(page);
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
  const count = () =>
    page.evaluate(() => (window as unknown as { lightboxDebug: { numTensors(): number } }).lightboxDebug.numTensors());
  const baseline = await count();
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
  expect(await count()).toBe(baseline);
  test.info().annotations.push({
    type: 'ms per interaction on wasm',
    description: (await widget(page).getAttribute('data-last-ms')) ?? '',
  });
});
