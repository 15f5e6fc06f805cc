/**
 * Chapter 6, How a network learns: the loss widget's gradient is p − y; the backprop step-through's gradients equal
 * tf.grads (1e-5) and finite differences (1e-3 relative) in the page on wasm and on WebGL; a seeded gradient-descent
 * run reproduces its curve and reaches the validation accuracy the chapter states (from the measured run), answers
 * input within 100 ms while training, returns tfjs to its tensor count after pause/restart cycles and never fetches
 * the test split; a diverging run stops itself and says why; out-of-range settings are clamped with a note.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { BackpropResult } from '../../src/components/BackpropStepper/run';
import type { DescentResult } from '../../src/components/GradientDescent/run';
import { STATED_EPOCH } from '../../src/components/GradientDescent/state';
import type { LossResult } from '../../src/components/LossFeel/run';
import { accuracyEstimate, percentWithInterval } from '../../src/lib/learning-format';
import { galleryScanOrSkip, numTensors, openWidget, publishedResult, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/how-networks-learn/';
const LOSS = 'lb-loss-feel';
const BACKPROP = 'lb-backprop-stepper';
const DESCENT = 'lb-gradient-descent';
const runs = JSON.parse(readFileSync('public/weights/features/cxr/descent-runs.json', 'utf8')) as {
  stated: { history: DescentResult['history'] };
};
const features = JSON.parse(readFileSync('public/weights/features/cxr/features.json', 'utf8')) as {
  splits: Record<'train' | 'validation', { count: number }>;
};
const TRAIN = features.splits.train.count;

test('the loss widget: L = −log p_y and ∂L/∂s = p − y from tf.grad, by keyboard', async ({ page }) => {
  const { widget } = await openWidget<LossResult>(page, `${CHAPTER}?backend=wasm`, LOSS, /"loss"/);
  await widget.getByRole('slider', { name: /Predicted probability/ }).focus();
  await page.keyboard.press('Home');
  const result = await widgetResult<LossResult>(page, LOSS, /"p":0.001,/);
  expect(result.loss).toBeCloseTo(-Math.log(0.001), 4);
  expect(result.gradient[1]).toBeCloseTo(0.001 - 1, 5);
  expect(result.gradient[0]).toBeCloseTo(0.999, 5);
  expect(await axeViolations(page, LOSS)).toEqual([]);
  expect(await smallTargets(widget)).toEqual([]);
});

async function checkOn(page: Page, backend: 'wasm' | 'webgl', scanId: string): Promise<BackpropResult> {
  const { widget } = await openWidget<BackpropResult>(
    page,
    `${CHAPTER}?backend=${backend}&scan=${scanId}`,
    BACKPROP,
    /"loss"/,
  );
  await expect(widget).toHaveAttribute('data-backend', backend);
  await widget.getByRole('button', { name: 'Check every gradient' }).click();
  const result = await widgetResult<BackpropResult>(page, BACKPROP, /"check":\{/);
  console.warn(`gradient check on ${backend}: ${JSON.stringify(result.check)}`);
  return result;
}

test('backprop step-through on wasm: walk, check, one step', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const result = await checkOn(page, 'wasm', scan.id);
  expect(result.check!.backend).toBe('wasm');
  expect(result.check!.tfError).toBeLessThan(1e-5);
  expect(result.check!.fdRelativeError).toBeLessThan(1e-3);
  const widget = page.locator(BACKPROP);
  await expect(widget.locator('[data-role="check"] tbody tr')).toHaveCount(30);
  // Walk to ∂L/∂z by keyboard: the ReLU blocks where z ≤ 0.
  await widget.getByRole('button', { name: 'Next ▸' }).focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('Enter');
  await widgetResult<BackpropResult>(page, BACKPROP, /"step":10/);
  await expect(widget.locator('[data-role="node-name"]')).toHaveText(/ReLU passes/);
  await widget.locator('[data-role="node"] button').nth(7).click();
  await expect(widget.locator('[data-role="detail"]')).toContainText('chain-rule product');
  // Keyboard moves the crop; a step against the gradient at the default rate lowers the loss.
  await widget.getByRole('img', { name: /8 × 8 crop outlined/ }).focus();
  await page.keyboard.press('Shift+ArrowDown');
  const moved = await widgetResult<BackpropResult>(page, BACKPROP, /"row":104/);
  await widget.getByRole('button', { name: 'Take one step' }).click();
  const stepped = await widgetResult<BackpropResult>(page, BACKPROP, /"update":\{/);
  expect(stepped.update!.before).toBeCloseTo(moved.loss, 6);
  expect(stepped.update!.after).toBeLessThan(stepped.update!.before);
  expect(await smallTargets(widget)).toEqual([]);
});

test('backprop step-through on WebGL: the same check holds', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  const result = await checkOn(page, 'webgl', scan.id);
  expect(result.check!.backend).toBe('webgl');
  expect(result.check!.tfError).toBeLessThan(1e-5);
  expect(result.check!.fdRelativeError).toBeLessThan(1e-3);
});

/** Plays until the run has passed `epoch`, then pauses; returns the published result. */
async function playTo(page: Page, epoch: number): Promise<DescentResult> {
  const widget = page.locator(DESCENT);
  await widget.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(async () => (await publishedResult<DescentResult>(widget)).epoch, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(epoch);
  await widget.getByRole('button', { name: 'Pause' }).click();
  return widgetResult<DescentResult>(page, DESCENT, /"status":"paused"/);
}

test('gradient descent: seeded, reproducible, the stated accuracy, responsive, no leak, no test split', async ({
  page,
}) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const { widget } = await openWidget<DescentResult>(
    page,
    `${CHAPTER}?backend=wasm&debug`,
    DESCENT,
    /"status":"ready"/,
  );
  const baseline = await numTensors(page);
  // Input latency while training: from the key event's timestamp to its handler.
  await page.evaluate(() => {
    const w = window as unknown as { latencies: number[] };
    w.latencies = [];
    document.addEventListener('keydown', (e) => w.latencies.push(performance.now() - e.timeStamp));
  });
  await widget.getByRole('button', { name: 'Play' }).click();
  await widget.getByRole('spinbutton', { name: 'Seed' }).focus();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Shift');
    await page.waitForTimeout(150);
  }
  await expect
    .poll(async () => (await publishedResult<DescentResult>(widget)).epoch, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(STATED_EPOCH);
  await widget.getByRole('button', { name: 'Pause' }).click();
  const first = await widgetResult<DescentResult>(page, DESCENT, /"status":"paused"/);
  console.warn(`epochs per second on wasm in the page: ${first.epochsPerSecond.toFixed(2)}`);
  const latencies = await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies);
  expect(latencies.length).toBe(12);
  console.warn(`input latency while training: max ${Math.max(...latencies).toFixed(1)} ms`);
  expect(Math.max(...latencies)).toBeLessThan(100);

  await widget.getByRole('button', { name: 'Restart' }).click();
  await widgetResult<DescentResult>(page, DESCENT, /"status":"ready"/);
  expect(await numTensors(page)).toBe(baseline);
  const second = await playTo(page, STATED_EPOCH);
  const upTo = (r: DescentResult) => r.history.filter((p) => p.epoch <= STATED_EPOCH);
  expect(upTo(second)).toEqual(upTo(first));
  const stated = upTo(first).at(-1)!;
  expect(stated.epoch).toBe(STATED_EPOCH);
  const measured = runs.stated.history.at(-1)!;
  expect(Math.abs(stated.validationAccuracy - measured.validationAccuracy)).toBeLessThanOrEqual(0.005);
  const statedAccuracy = accuracyEstimate(measured.validationAccuracy, features.splits.validation.count);
  await expect(page.locator('main')).toContainText(percentWithInterval(statedAccuracy));

  await widget.getByRole('button', { name: 'Step (one batch)' }).click();
  await widgetResult<DescentResult>(page, DESCENT, new RegExp(`"steps":${second.steps + 1},`));
  await widget.getByRole('button', { name: 'Restart' }).click();
  await widgetResult<DescentResult>(page, DESCENT, /"status":"ready"/);
  expect(await numTensors(page)).toBe(baseline);
  expect(requests.some((url) => url.endsWith('/features/cxr/train.u8'))).toBe(true);
  expect(requests.filter((url) => url.endsWith('test.u8'))).toEqual([]);
  expect(await axeViolations(page, DESCENT)).toEqual([]);
  expect(await smallTargets(widget)).toEqual([]);
});

test('gradient descent: a diverging run stops itself and says why; bad settings are clamped with a note', async ({
  page,
}) => {
  const { widget } = await openWidget<DescentResult>(
    page,
    `${CHAPTER}?backend=wasm&gd.optimiser=sgd&gd.lr=500&gd.l2=0.1&gd.batch=0&gd.n=99999`,
    DESCENT,
    /"status":"ready"/,
  );
  const notes = widget.locator('[data-role="url-note"]');
  await expect(notes).toContainText('gd.lr=500 is beyond the maximum; 100 is used');
  await expect(notes).toContainText('gd.batch=0 is beyond the minimum; 1 is used');
  await expect(notes).toContainText(`the train split has ${TRAIN}, so all are used`);
  const batch = widget.getByRole('spinbutton', { name: 'Batch size' });
  await batch.fill('64');
  await batch.press('Tab');
  await widget.getByRole('spinbutton', { name: 'Learning rate' }).fill('30');
  await widget.getByRole('spinbutton', { name: 'Learning rate' }).press('Tab');
  const ready = await widgetResult<DescentResult>(page, DESCENT, /"learningRate":30,"batchSize":64/);
  expect(ready.config.examples).toBe(TRAIN);
  await widget.getByRole('button', { name: 'Play' }).click();
  const diverged = await widgetResult<DescentResult>(page, DESCENT, /"status":"diverged"/);
  expect(Number.isNaN(diverged.history.at(-1)!.trainLoss) || diverged.history.at(-1)!.trainLoss === null).toBe(true);
  await expect(widget.getByRole('alert')).toContainText('NaN');
  await expect(widget.getByRole('button', { name: 'Play' })).toBeDisabled();

  const lr = widget.getByRole('spinbutton', { name: 'Learning rate' });
  await lr.fill('1000');
  await lr.press('Tab');
  await expect(widget.locator('[data-role="input-note"]')).toHaveText(
    'A learning rate of 1000 is above the maximum; 100 is used.',
  );
  await expect(lr).toHaveValue('100');
});
