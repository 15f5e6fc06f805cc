/**
 * A widget's "Copy link" round trip for any widget spec: change the widget, copy its link (read back from the
 * clipboard: the spec needs `test.use({ permissions: ['clipboard-read', 'clipboard-write'] })`), open the link in a
 * new page on wasm, and the widget there is on screen without scrolling and publishes the same result.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The widget's result once it is ready and has held still for a moment (a change can publish on the way). */
export async function settled(widget: Locator, timeout = 60_000): Promise<string> {
  await expect(widget).toHaveAttribute('data-result', /./, { timeout });
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await widget.getAttribute('data-result')) ?? '';
        const still = (await widget.getAttribute('data-state')) === 'ready' && now === last;
        last = now;
        return still;
      },
      { timeout, intervals: [400] },
    )
    .toBe(true);
  return last;
}

/** Copies the widget's link through its button; returns the link read back from the clipboard. */
export async function copyLink(page: Page, widget: Locator): Promise<string> {
  await widget.getByRole('button', { name: 'Copy link' }).click();
  await expect(widget.locator('[data-role="tool-status"]')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await widget.getAttribute('data-share-url'));
  return link;
}

/**
 * Opens `link` (on wasm) in a new page: the widget is on screen without scrolling and comes to publish `expected`
 * (the poll returns as soon as it does, and shows the difference if it never does).
 */
async function reopen(context: BrowserContext, link: string, selector: string, expected: unknown): Promise<void> {
  const page = await context.newPage();
  const url = new URL(link);
  url.searchParams.set('backend', 'wasm');
  await page.goto(url.href);
  const widget = page.locator(selector);
  await expect(widget).toBeInViewport({ timeout: 15_000 });
  await expect
    .poll(async () => JSON.parse((await widget.getAttribute('data-result')) ?? 'null') as unknown, {
      timeout: 60_000,
      message: `${selector} from ${link}`,
    })
    .toEqual(expected);
  await page.close();
}

/**
 * On `page` (already open): `change`s the widget and checks that its link reopens it as it was. With `changed`, the
 * change is made as soon as the controls are bound (the first computation, if slow, is not waited for) and the result
 * must come to match `changed`; without, the change follows the first result and the result must differ from it.
 */
export async function shareRoundTrip(
  page: Page,
  context: BrowserContext,
  selector: string,
  change: (widget: Locator) => Promise<void>,
  changed?: RegExp,
): Promise<void> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  if (changed) {
    // The scaffold shows "Copy link" in the same task as it binds the widget's controls.
    await expect(widget.getByRole('button', { name: 'Copy link' })).toBeVisible({ timeout: 60_000 });
    await change(widget);
    await expect(widget).toHaveAttribute('data-result', changed, { timeout: 60_000 });
  } else {
    await expect(widget).toHaveAttribute('data-result', /./, { timeout: 60_000 });
    await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const first = (await widget.getAttribute('data-result')) ?? '';
    await change(widget);
    await expect(widget).not.toHaveAttribute('data-result', first, { timeout: 60_000 });
  }
  const original = await settled(widget);
  const link = await copyLink(page, widget);
  // The #fragment names the widget.
  expect(new URL(link).hash).toBe(`#${await widget.getAttribute('id')}`);
  await reopen(context, link, selector, JSON.parse(original));
}
