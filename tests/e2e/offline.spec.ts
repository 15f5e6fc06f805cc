/**
 * Offline (issue 14): the service worker keeps the book after one visit. In a private copy of the built site
 * (offline-site.ts, so changing it cannot disturb other tests) the test loads a chapter once, goes offline, reloads
 * it and runs its model widget to the same result; a figure whose weights were never fetched says so in words; a
 * rebuild with a change is served after one reload, and the new version's precache then serves it offline.
 * Runs at the root (playwright.config.ts) and again under the sub-path build (playwright.base.config.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DIST } from './built-pages';
import { expect, test as base } from './fixtures';
import { rebuild, serveCopy } from './offline-site';

const test = base.extend<{ siteBase: string; siteDist: string }>({
  siteBase: ['/', { option: true }],
  siteDist: [DIST, { option: true }],
});

// Other specs block service workers (a worker would serve them stale copies across tests); this one needs them.
test.use({
  serviceWorkers: 'allow',
  allowedProblems: [
    /ERR_INTERNET_DISCONNECTED|ERR_FAILED|Failed to fetch|Failed to load resource|FetchEvent|no-response/,
  ],
});

const CHAPTER = 'chapters/why-machines-read-scans';
const UNVISITED = 'chapters/inside-the-cnn';

async function topFive(page: Page): Promise<string> {
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-result', /top5/, { timeout: 90_000 });
  return (await widget.getAttribute('data-result')) ?? '';
}

test('after one visit the book works offline, and a rebuild is served after one reload', async ({
  page,
  context,
  siteBase,
  siteDist,
  baseURL,
}) => {
  test.skip(
    !existsSync(join(siteDist, 'weights/backbones/mobilenet_v1_0.25_224/model.json')) ||
      !existsSync(join(siteDist, 'samples/manifest.json')),
    'needs the backbones and the gallery (npm run setup)',
  );
  const site = await serveCopy(siteDist, siteBase, Number(new URL(baseURL ?? 'http://x:4329').port) + 100);
  try {
    const chapter = `${site.url}${CHAPTER}/?backend=wasm`;
    const indicator = page.locator('[data-offline-status]');
    await page.goto(chapter);
    await expect(indicator).toHaveAttribute('data-offline-state', 'ready', { timeout: 60_000 });
    await expect(indicator).toContainText('Available offline');
    const online = await topFive(page);

    await context.setOffline(true);
    await page.reload();
    await expect(indicator).toHaveAttribute('data-offline-state', 'offline');
    expect(await topFive(page)).toBe(online);

    // A gallery scan never opened before: the picker says it is not saved, and the last result stays.
    const inspector = page.locator('lb-backbone-inspector');
    const select = inspector.locator('[data-role="scan-select"]');
    const unseen = await select.locator('option').last().getAttribute('value');
    expect(unseen).not.toBe(await select.inputValue());
    await select.selectOption(unseen ?? '');
    await expect(inspector.locator('[data-role="scan-message"]')).toContainText(
      `You are offline, and this browser has not saved gallery scan ${unseen} yet`,
    );

    // Search works offline: its index is precached.
    await page.goto(`${site.url}search/?q=convolution`);
    await expect(page.locator('[data-role="search-status"]')).toContainText(/\d+ results? for/);
    const first = await page.locator('.search-results a').first().getAttribute('href');
    expect(first?.startsWith(site.url.replace(/^http:\/\/[^/]+/, ''))).toBe(true);

    // A chapter whose model this browser never fetched: the page is there, the figure says why it cannot run.
    await page.goto(`${site.url}${UNVISITED}/?backend=wasm`);
    const figure = page.locator('lb-inside-cnn');
    await figure.scrollIntoViewIfNeeded();
    await expect(figure).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(figure.locator('[data-role="status"]')).toContainText(
      'You are offline, and this browser has not saved',
    );
    await expect(figure.locator('[data-role="status"]')).not.toContainText('Failed to fetch');

    await context.setOffline(false);
    await page.goto(chapter);
    await expect(indicator).toHaveAttribute('data-offline-state', 'ready');
    const version = await indicator.getAttribute('data-offline-version');
    const marker = `Rebuilt ${Date.now()}`;
    await rebuild(site.dir, CHAPTER, marker);
    await page.reload();
    await expect(page.locator('[data-rebuilt]')).toHaveText(marker);
    // The new worker installs the new revision and takes over: the indicator names the new version…
    await expect(indicator).not.toHaveAttribute('data-offline-version', version ?? '', { timeout: 30_000 });
    // …and offline the precache now holds the new page.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('[data-rebuilt]')).toHaveText(marker);
  } finally {
    await context.setOffline(false);
    await site.close();
  }
});
