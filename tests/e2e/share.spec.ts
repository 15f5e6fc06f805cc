/**
 * "Copy link" (src/lib/view/widget-share.ts) on every widget of the chapters: change the widget's state, copy its
 * link (read back from the clipboard), open the link in a new page, and the widget there publishes exactly the
 * result it published here, scrolled into view. Also: a link out of range is clamped with a note, the activation
 * browser's head travels in the link, `hide=` hides controls, and the reader's own image is never part of a link.
 */
import type { Locator } from '@playwright/test';
import type { InsideCnnResult } from '../../src/components/InsideCnn/run';
import { expect, test } from './fixtures';
import { galleryScanOrSkip, galleryScans, hasHead, publishedResult } from './chapter-reference';
import { copyLink, settled, shareRoundTrip } from './share-link';
import { smallTargets } from './widget-a11y';

// The clipboard, read back by the test.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

interface Case {
  selector: string;
  /** Changes the widget's state away from what the page opened with. */
  change(widget: Locator): Promise<void>;
  /** For a slow widget: change it at once, without waiting for its first result, until its result matches. */
  changed?: RegExp;
}

const otherScan = (dataset: 'cxr' | 'oct', nth = 3): string => {
  const scans = galleryScans().filter((s) => s.dataset === dataset);
  return scans[Math.min(nth, scans.length - 1)]?.id ?? '';
};

/** The chapters and their widgets, each with a change a reader could make. */
const CHAPTERS: Record<string, Case[]> = {
  '/chapters/why-machines-read-scans/': [
    {
      selector: 'lb-backbone-inspector',
      change: (w) =>
        w
          .locator('[data-role="scan-select"]')
          .selectOption(otherScan('cxr'))
          .then(() => undefined),
    },
    {
      selector: 'lb-softmax',
      change: async (w) => {
        await w.locator('[data-role="shift-up"]').click();
        await w.locator('select[data-role="truth"]').selectOption('DRUSEN');
      },
    },
  ],
  '/chapters/neurons-and-networks/': [
    {
      selector: 'lb-neuron',
      change: async (w) => {
        await w.locator('input[data-role="b"]').fill('1.3');
        await w.locator('input[data-role="w"]').first().fill('-0.7');
      },
    },
    { selector: 'lb-layer-parameters', change: (w) => w.locator('input[data-role="count"]').fill('40') },
  ],
  '/chapters/convolution/': [
    {
      selector: 'lb-convolution-explorer',
      change: async (w) => {
        await w.locator('select[data-role="stride"]').selectOption('3');
        await w.locator('input[data-role="padding"][value="same"]').check();
      },
    },
    { selector: 'lb-first-filters', change: (w) => w.locator('input[data-role="mode"][value="block"]').check() },
  ],
  '/chapters/pooling/': [
    {
      selector: 'lb-pooling-explorer',
      change: async (w) => {
        await w.locator('input[data-role="window"]').fill('4');
        await w.locator('input[data-role="stride"]').fill('3');
        await w.locator('input[data-role="op"][value="avg"]').check();
      },
    },
    {
      selector: 'lb-shift-experiment',
      change: (w) => w.locator('input[data-role="at"]').fill('9'),
      changed: /"at":9\b/,
    },
  ],
  '/chapters/inside-the-cnn/': [
    {
      // An OCT scan with the OCT head and a deep layer: the link must carry the head, or the layer is lost.
      selector: 'lb-inside-cnn',
      change: async (w) => {
        await w.locator('[data-role="scan-select"]').selectOption(otherScan('oct'));
        await expect(w).toHaveAttribute('data-result', /"task":"oct"/, { timeout: 60_000 });
        const layer = w.locator('select[data-role="layer"]');
        const options = await layer.locator('option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value));
        await layer.selectOption(options[Math.min(21, options.length - 1)] ?? '');
      },
    },
  ],
  '/chapters/transfer-learning/': [
    {
      selector: 'lb-head-trainer',
      change: (w) =>
        w
          .locator('select[data-role="task"]')
          .selectOption('oct')
          .then(() => undefined),
      changed: /"task":"oct"/,
    },
  ],
};

for (const [chapter, cases] of Object.entries(CHAPTERS)) {
  test(`every widget of ${chapter} opens from its copied link as it was`, async ({ page, context }) => {
    test.skip(galleryScans().length === 0 || !hasHead('cxr') || !hasHead('oct'), 'needs the gallery and the heads');
    await page.goto(`${chapter}?backend=wasm`);
    for (const { selector, change, changed } of cases) await shareRoundTrip(page, context, selector, change, changed);
  });
}

test('a link out of range is clamped with a note, and the activation browser keeps its head', async ({ page }) => {
  const scan = galleryScanOrSkip('oct', 'oct');
  await page.goto(`/chapters/inside-the-cnn/?backend=wasm&scan=${scan.id}&cnn.task=oct&cnn.layer=no_such_layer`);
  const widget = page.locator('lb-inside-cnn');
  await widget.scrollIntoViewIfNeeded();
  await settled(widget);
  const result = await publishedResult<InsideCnnResult>(widget);
  expect(result.task).toBe('oct');
  const note = widget.locator('[data-role="url-note"]');
  await expect(note).toBeVisible();
  await expect(note).toContainText('cnn.layer=no_such_layer');
  await expect(note).toContainText(result.layer);

  await page.goto(`/chapters/pooling/?backend=wasm&pool.k=99&pool.s=0&pool.op=median#lb-pooling-explorer`);
  const pool = page.locator('lb-pooling-explorer');
  await expect(pool).toBeInViewport({ timeout: 15_000 });
  await expect(pool).toHaveAttribute('data-result', /"op":"max","window":8,"stride":1/, { timeout: 60_000 });
  await expect(pool.locator('[data-role="url-note"]')).toContainText('pool.k=99');
});

test('hide= hides the named controls with a note; "Show all controls" brings them back', async ({ page }) => {
  galleryScanOrSkip('cxr');
  await page.goto('/chapters/convolution/?backend=wasm&hide=kernel,stride');
  const widget = page.locator('lb-convolution-explorer');
  await widget.scrollIntoViewIfNeeded();
  await settled(widget);
  await expect(widget.locator('select[data-role="preset"]')).toBeHidden();
  await expect(widget.locator('select[data-role="stride"]')).toBeHidden();
  await expect(widget.locator('input[data-role="padding"]').first()).toBeVisible();
  await expect(widget.locator('[data-role="hide-note"]')).toContainText('kernel, stride');
  // A link copied now still hides them.
  expect(new URL(await copyLink(page, widget)).searchParams.get('hide')).toBe('kernel,stride');
  expect(await smallTargets(widget)).toEqual([]);
  await widget.getByRole('button', { name: 'Show all controls' }).click();
  await expect(widget.locator('select[data-role="stride"]')).toBeVisible();
  await expect(widget.locator('[data-role="hide-note"]')).toBeHidden();
  expect(new URL(page.url()).searchParams.get('hide')).toBeNull();
});

test("the reader's own image is never part of a link, and the link says so", async ({ page }) => {
  const scan = galleryScanOrSkip('cxr');
  await page.goto(`/chapters/pooling/?backend=wasm&scan=${scan.id}`);
  const widget = page.locator('lb-pooling-explorer');
  await widget.scrollIntoViewIfNeeded();
  await settled(widget);
  const image = await page.request.get(`/samples/${scan.file}`);
  await widget.locator('input[data-role="scan-file"]').setInputFiles({
    name: 'mine.jpeg',
    mimeType: 'image/jpeg',
    buffer: await image.body(),
  });
  await expect(widget).toHaveAttribute('data-result', /"scan":"file:mine.jpeg"/, { timeout: 60_000 });
  await expect(widget.locator('[data-role="scan-select"] option:checked')).toHaveText('Your image: mine.jpeg');
  expect(new URL(page.url()).searchParams.get('scan')).toBeNull();
  await widget.getByRole('button', { name: 'Copy link' }).click();
  const status = widget.locator('[data-role="tool-status"]');
  await expect(status).toContainText('Your own image is not part of it');
  expect(new URL((await widget.getAttribute('data-share-url')) ?? '').searchParams.get('scan')).toBeNull();
});
