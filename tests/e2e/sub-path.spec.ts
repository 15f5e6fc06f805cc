/**
 * The site built for a sub-path (LIGHTBOX_BASE, default /lightbox/) and served by a plain static host that knows
 * nothing outside it: every page loads, every request stays inside the base and none fails (the shared fixture fails
 * a test on any HTTP status >= 400, failed request or console error), and MobileNet runs in a widget.
 * Run by `npm run test:e2e:base` (playwright.base.config.ts), which builds into its own folder first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { builtPages, scrollThrough } from './built-pages';
import { expect, test } from './fixtures';

const BASE = `/${(process.env.LIGHTBOX_BASE ?? '/lightbox/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const DIST = resolve(process.env.LIGHTBOX_BASE_DIST ?? 'dist-base');
const PAGES = builtPages(DIST);
const HAS_GALLERY = existsSync(join(DIST, 'samples/manifest.json'));
const HAS_MODEL = existsSync(join(DIST, 'weights/backbones/mobilenet_v1_0.25_224/model.json'));

// Without a gallery (setup had no data) the widgets ask for the reader's own image after a 404 on its manifest.
if (!HAS_GALLERY) test.use({ allowedProblems: [/samples\/(training\/)?manifest\.json/, /Failed to load resource/] });

/** Records every same-origin request outside the base: each would 404 on a real sub-path host. */
function requestsOutsideBase(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname === '127.0.0.1' && !url.pathname.startsWith(BASE)) outside.push(url.pathname);
  });
  return outside;
}

test('the build is made for the sub-path', () => {
  expect(BASE).not.toBe('/');
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  expect(html).toContain(`href="${BASE}about/"`);
  expect(html.match(/(?:href|src)="\/[^"]*"/g)?.filter((attr) => !attr.includes(`"${BASE}`)) ?? []).toEqual([]);
});

test('the host serves nothing outside the base', async ({ page, problems }) => {
  problems.allow(/404/);
  expect((await page.goto('/about/'))?.status()).toBe(404);
});

for (const path of PAGES) {
  test(`${BASE}${path.slice(1)} loads, every request inside the base, none failing`, async ({ page }) => {
    const outside = requestsOutsideBase(page);
    const response = await page.goto(`${BASE}${path.slice(1)}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('main#content')).toBeVisible();
    await scrollThrough(page);
    expect(outside).toEqual([]);
  });
}

test('MobileNet runs in the page under the sub-path', async ({ page }) => {
  test.skip(!HAS_MODEL, 'no backbones in the build (npm run setup could not find or download them)');
  const weights: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/weights/backbones/'))
      weights.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(`${BASE}chapters/why-machines-read-scans/`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  if (!HAS_GALLERY) {
    await expect(widget.locator('[data-role="scan-message"]')).toContainText('Use your own image', { timeout: 60_000 });
    const image = await sharp({ create: { width: 224, height: 224, channels: 3, background: '#6a4a3a' } })
      .png()
      .toBuffer();
    await widget
      .locator('input[type="file"]')
      .setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: image });
  }
  await expect(widget).toHaveAttribute('data-result', /top5/, { timeout: 90_000 });
  expect(weights).toContain(`200 ${BASE}weights/backbones/mobilenet_v1_0.25_224/model.json`);
  expect(weights.every((line) => line.startsWith(`200 ${BASE}weights/`))).toBe(true);
});
