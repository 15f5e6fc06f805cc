/**
 * The neuron widget (chapter 2): y = f(Σ wᵢxᵢ + b) computed by tfjs on WebGL agrees with the arithmetic; sliders
 * and activation work by keyboard and update the typeset formula; state round-trips through the URL; the widget
 * fits a phone and frees every tensor it makes.
 */
import type { Locator, Page } from '@playwright/test';
import type { NeuronResult } from '../../src/components/Neuron/run';
import { numTensors, openWidget, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/neurons-and-networks/';
const NEURON = 'lb-neuron';

const F = { relu: (z: number) => Math.max(0, z), sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), tanh: Math.tanh };

function widget(page: Page): Locator {
  return page.locator(NEURON);
}

/** The widget's result once it is ready. */
function result(page: Page): Promise<NeuronResult> {
  return widgetResult<NeuronResult>(page, NEURON, /"y":/);
}

async function open(page: Page, query = ''): Promise<NeuronResult> {
  return (await openWidget<NeuronResult>(page, `${CHAPTER}${query}`, NEURON, /"y":/)).result;
}

function expectArithmetic(r: NeuronResult): void {
  const z = r.inputs.reduce((sum, x, i) => sum + x * (r.weights[i] ?? 0), r.bias);
  expect(r.z).toBeCloseTo(z, 5);
  expect(r.y).toBeCloseTo(F[r.activation](z), 5);
}

const two = (v: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(Math.round(v * 100) / 100 || 0)
    .replace('-', '−');

test('computes on WebGL, and keyboard changes update the result and the typeset formula', async ({ page }) => {
  const first = await open(page, '?debug');
  await expect(widget(page)).toHaveAttribute('data-backend', 'webgl');
  expect(first).toMatchObject({ inputs: [0.8, 0.3, -0.5], weights: [0.6, -0.4, 0.9], bias: 0.1, activation: 'relu' });
  expectArithmetic(first);
  await widget(page).locator('input[data-role="x"][data-index="0"]').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect(widget(page)).toHaveAttribute('data-result', /"inputs":\[0\.6,/);
  const moved = await result(page);
  expectArithmetic(moved);
  expect(moved.y).not.toBeCloseTo(first.y, 3);
  await expect(widget(page).locator('[data-role="tex-x0"]')).toHaveText('0.60');
  await expect(widget(page).locator('[data-role="tex-z"]')).toHaveText(two(moved.z));
  await expect(widget(page).locator('[data-role="tex-y"]')).toHaveText(two(moved.y));
  await widget(page).locator('input[value="relu"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(widget(page)).toHaveAttribute('data-result', /"activation":"sigmoid"/);
  const sigmoid = await result(page);
  expectArithmetic(sigmoid);
  await expect(widget(page).locator('[data-role="tex-f"]')).toHaveText('σ');
  expect(page.url()).toContain('n.f=sigmoid');
  expect(page.url()).toContain('n.x=0.6_0.3_-0.5');
});

test('state round-trips through the URL', async ({ page }) => {
  const r = await open(page, '?backend=wasm&n.x=1_-1_0.5&n.w=2_1.5_-2&n.b=-0.3&n.f=tanh');
  expect(r).toMatchObject({ inputs: [1, -1, 0.5], weights: [2, 1.5, -2], bias: -0.3, activation: 'tanh' });
  expectArithmetic(r);
  await expect(widget(page).locator('input[data-role="w"][data-index="1"]')).toHaveValue('1.5');
  await expect(widget(page).locator('input[value="tanh"]')).toBeChecked();
});

test('at 360 px the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '?backend=wasm');
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(361);
});

test('at 360 px every control is a target of at least 24 × 24 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '?backend=wasm');
  expect(await smallTargets(widget(page))).toEqual([]);
});

test('tensors return to their baseline after 50 interactions', async ({ page }) => {
  await open(page, '?backend=wasm&debug');
  const baseline = await numTensors(page);
  const sliders = widget(page).locator('input[type="range"]');
  const activations = ['sigmoid', 'tanh', 'relu'];
  for (let i = 0; i < 50; i++) {
    if (i % 5 === 4)
      await widget(page)
        .locator(`input[value="${activations[i % 3]}"]`)
        .check();
    else {
      await sliders.nth(i % 7).focus();
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    }
  }
  expectArithmetic(await result(page));
  expect(await numTensors(page)).toBe(baseline);
  test.info().annotations.push({
    type: 'ms per interaction on wasm',
    description: (await widget(page).getAttribute('data-last-ms')) ?? '',
  });
});
