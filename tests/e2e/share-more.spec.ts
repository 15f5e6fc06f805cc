/**
 * "Copy link" round trips (tests/e2e/share-link.ts) for the widgets of chapter 6 (how networks learn) and chapter 9
 * (judging a model), as share.spec.ts does for chapters 1–5 and 7: change each widget's URL state through its
 * controls, copy its link, open it in a new page on wasm, and the widget there publishes exactly the same result.
 * One test per chapter so they run in parallel workers. No change starts a long computation: gradient descent is
 * changed without pressing Play, and the limited-data experiment is not run (see its case).
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { galleryScans, hasHead } from './chapter-reference';
import { expect, test } from './fixtures';
import { copyLink, shareRoundTrip } from './share-link';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Types `value` into a number input and leaves it, as a reader does (the widgets read it on change). */
async function typeNumber(input: Locator, value: string): Promise<void> {
  await input.fill(value);
  await input.press('Tab');
}

test('every widget of chapter 6 (how networks learn) opens from its copied link as it was', async ({
  page,
  context,
}) => {
  test.skip(galleryScans().length === 0 || !hasHead('cxr'), 'needs the gallery and the CXR head');
  await page.goto('/chapters/how-networks-learn/?backend=wasm');
  await shareRoundTrip(page, context, 'lb-loss-feel', async (w) => {
    await w.locator('input[data-role="label"][value="0"]').check();
    await w.getByRole('slider', { name: /Predicted probability/ }).fill('0.25');
  });
  await shareRoundTrip(page, context, 'lb-backprop-stepper', async (w) => {
    // The crop (bp.row), the true class, and the step of the walk (bp.s) all travel in the link.
    await w.getByRole('img', { name: /8 × 8 crop outlined/ }).press('Shift+ArrowDown');
    await expect(w).toHaveAttribute('data-result', /"row":104/);
    await w.locator('input[data-role="label"][value="0"]').check();
    await w.getByRole('button', { name: 'Next ▸' }).click();
    await w.getByRole('button', { name: 'Next ▸' }).click();
  });
  await shareRoundTrip(page, context, 'lb-gradient-descent', async (w) => {
    // Settings only, Play never pressed: the result compared is the fresh seeded run's (epoch 0, empty history).
    await w.locator('input[data-role="optimiser"][value="adam"]').check();
    await typeNumber(w.getByRole('spinbutton', { name: 'Learning rate' }), '0.05');
    await typeNumber(w.getByRole('spinbutton', { name: 'Batch size' }), '32');
  });
});

test('every widget of chapter 9 (judging a model) opens from its copied link as it was', async ({ page, context }) => {
  test.skip(!hasHead('cxr') || !hasHead('cxr-pathogen') || !hasHead('oct'), 'needs the shipped heads');
  await page.goto('/chapters/judging-a-model/?backend=wasm');
  await shareRoundTrip(page, context, 'lb-roc-threshold', async (w) => {
    await w.locator('select[data-role="task"]').selectOption('cxr-pathogen');
    await expect(w).toHaveAttribute('data-result', /"task":"cxr-pathogen"/);
    await w.getByLabel('Threshold on p(positive class)').fill('0.3');
    await expect(w).toHaveAttribute('data-result', /"threshold":0.3[,}]/);
    await w.locator('[data-role="cell-fn"]').click();
    await expect(w).toHaveAttribute('data-result', /"cell":"fn"/);
  });
  await shareRoundTrip(page, context, 'lb-prevalence-explorer', (w) =>
    w.getByRole('slider', { name: 'Prevalence among the people tested' }).fill('120'),
  );
  await shareRoundTrip(page, context, 'lb-sample-size', async (w) => {
    await w.getByRole('slider', { name: 'Test images' }).fill('200');
    await typeNumber(w.getByRole('spinbutton', { name: 'Subsample seed' }), '7');
  });
  await shareRoundTrip(page, context, 'lb-calibration-check', async (w) => {
    await w.locator('select[data-role="task"]').selectOption('oct');
    await expect(w).toHaveAttribute('data-result', /"task":"oct"/);
    await w.locator('input[data-role="scaled"]').check();
  });
  await shareRoundTrip(page, context, 'lb-error-costs', async (w) => {
    await typeNumber(w.locator('input[data-role="penalty"]').first(), '7');
    await w.getByRole('slider', { name: 'One missed pneumonia costs as much as' }).fill('12');
  });
  await limitedDataRoundTrip(page, context);
});

/**
 * The limited-data experiment publishes nothing until its 45 heads are trained (~a minute on wasm), so its round
 * trip compares what it shows before running instead: the measure chosen (its only URL state, `ld.measure`) is the
 * one the reopened figure shows.
 */
async function limitedDataRoundTrip(page: Page, context: BrowserContext): Promise<void> {
  const widget = page.locator('lb-limited-data');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const measure = widget.locator('select[data-role="measure"]');
  await expect(measure).toHaveValue('accuracy');
  await measure.selectOption('auc');
  const link = await copyLink(page, widget);
  expect(new URL(link).searchParams.get('ld.measure')).toBe('auc');
  expect(new URL(link).hash).toBe(`#${await widget.getAttribute('id')}`);
  const other = await context.newPage();
  const url = new URL(link);
  url.searchParams.set('backend', 'wasm');
  await other.goto(url.href);
  const reopened = other.locator('lb-limited-data');
  await expect(reopened).toBeInViewport({ timeout: 15_000 });
  await expect(reopened).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(reopened.locator('select[data-role="measure"]')).toHaveValue('auc');
  await other.close();
}
