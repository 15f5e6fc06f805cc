/**
 * The widget scaffold on a page of its own (src/pages/_fixtures/two-model-widgets.astro): two widgets sharing the
 * page's classifier both survive a lost WebGL context; one widget twice on a page has its own ids and state; a link
 * out of range is clamped with a visible note; an element moved in the page keeps its one instance; a widget
 * offscreen waits before computing; Reset returns to the defaults.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { galleryScans, hasHead } from './chapter-reference';

const PAGE = '/fixtures/two-model-widgets/';
const CNN = 'lb-inside-cnn';
const SHIFT = 'lb-shift-experiment';
const POOL = 'lb-pooling-explorer';
const scan = galleryScans().find((s) => s.dataset === 'cxr');

async function ready(page: Page, selector: string, timeout = 120_000): Promise<string> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-result', /./, { timeout });
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout });
  return (await widget.getAttribute('data-result')) ?? '';
}

test('a lost WebGL context leaves both model widgets working on wasm', async ({ page }) => {
  test.skip(!scan || !hasHead('cxr'), 'needs the gallery and the cxr head');
  test.setTimeout(300_000);
  await page.goto(`${PAGE}?scan=${scan!.id}&debug`);
  await ready(page, CNN);
  await ready(page, SHIFT, 180_000);
  for (const selector of [CNN, SHIFT]) {
    await expect(page.locator(selector)).toHaveAttribute('data-backend', 'webgl');
    await page.locator(selector).evaluate((el) => el.removeAttribute('data-result'));
  }
  await page.evaluate(() =>
    (window as unknown as { lightboxDebug: { loseContext(): void } }).lightboxDebug.loseContext(),
  );
  for (const selector of [CNN, SHIFT]) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    await expect(page.locator(selector)).toHaveAttribute('data-backend', 'wasm', { timeout: 90_000 });
    await ready(page, selector, 180_000);
  }
});

test('one widget twice on a page: unique ids, its own state', async ({ page }) => {
  test.skip(!scan, 'needs the gallery');
  await page.goto(`${PAGE}?scan=${scan!.id}`);
  const duplicates = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  expect(duplicates).toEqual([]);
  const [first, second] = [page.locator(POOL).nth(0), page.locator(POOL).nth(1)];
  await first.scrollIntoViewIfNeeded();
  await expect(first).toHaveAttribute('data-result', /"window":2/, { timeout: 60_000 });
  await first.locator('input[data-role="window"]').fill('4');
  await expect(first).toHaveAttribute('data-result', /"window":4/);
  await second.scrollIntoViewIfNeeded();
  await expect(second).toHaveAttribute('data-result', /"window":/, { timeout: 60_000 });
  // The second instance was not driven by the first one's control.
  await expect(second.locator('input[data-role="window"]')).toHaveValue(/^[0-9]$/);
  expect(await first.getAttribute('data-mounts')).toBe('1');
});

test('a link out of range is clamped with a note; Reset returns to the defaults', async ({ page }) => {
  test.skip(!scan, 'needs the gallery');
  await page.goto(`${PAGE}?scan=${scan!.id}&pool.k=99&pool.s=-2&pool.op=median`);
  const widget = page.locator(POOL).first();
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-result', /"op":"max","window":8,"stride":1/, { timeout: 60_000 });
  const note = widget.locator('[data-role="url-note"]');
  await expect(note).toBeVisible();
  await expect(note).toContainText('pool.k=99');
  await widget.getByRole('button', { name: 'Reset' }).click();
  await expect(widget).toHaveAttribute('data-result', /"window":2,"stride":2/);
  await expect(note).toBeHidden();
  // The link no longer asks for the clamped values (the defaults may be written back by the next render).
  expect([null, '2']).toContain(new URL(page.url()).searchParams.get('pool.k'));
});

test('moving a widget keeps its one instance; removing it disposes it; a new one starts cleanly', async ({ page }) => {
  test.skip(!scan, 'needs the gallery');
  await page.goto(`${PAGE}?scan=${scan!.id}`);
  const widget = page.locator(POOL).first();
  await ready(page, `${POOL} >> nth=0`);
  // Moved within one task: disconnect then connect; the instance stays.
  await widget.evaluate((el) => el.parentElement?.append(el));
  await widget.locator('input[data-role="window"]').fill('3');
  await expect(widget).toHaveAttribute('data-result', /"window":3/);
  expect(await widget.getAttribute('data-mounts')).toBe('1');
  // Removed for longer than a task: disposed; put back, it mounts again and works.
  await page.evaluate(async () => {
    const el = document.querySelector('lb-pooling-explorer') as HTMLElement;
    const parent = el.parentElement as HTMLElement;
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    parent.prepend(el);
  });
  const again = page.locator(POOL).first();
  await again.scrollIntoViewIfNeeded();
  await expect(again).toHaveAttribute('data-mounts', '2', { timeout: 30_000 });
  await again.locator('input[data-role="window"]').fill('5');
  await expect(again).toHaveAttribute('data-result', /"window":5/, { timeout: 30_000 });
});

test('a widget offscreen waits: its computation runs when it is visible again', async ({ page }) => {
  test.skip(!scan, 'needs the gallery');
  await page.goto(`${PAGE}?scan=${scan!.id}`);
  const widget = page.locator(POOL).first();
  await ready(page, `${POOL} >> nth=0`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(widget).toHaveAttribute('data-visible', 'false');
  // Change the window while offscreen (as a shared-state update would): nothing is computed yet.
  await widget.evaluate((el) => {
    const input = el.querySelector('input[data-role="window"]') as HTMLInputElement;
    input.value = '6';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForTimeout(1500);
  expect(await widget.getAttribute('data-result')).not.toMatch(/"window":6/);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-result', /"window":6/, { timeout: 30_000 });
});
