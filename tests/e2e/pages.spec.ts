/** Every built page: loads cleanly, fits a phone; chapters also have typeset math, an outline and prev/next. */
import { builtPages, isChapter, scrollThrough } from './built-pages';
import { expect, test } from './fixtures';

const PHONE = { width: 360, height: 740 };
const PAGES = builtPages();
const CHAPTER_COUNT = PAGES.filter(isChapter).length;

for (const path of PAGES) {
  test.describe(`page ${path}`, () => {
    test('loads with no console errors or failed requests', async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.locator('main#content')).toBeVisible();
      await scrollThrough(page);
    });

    test('has no horizontal scroll at 360 px', async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);
      expect(width).toBeLessThanOrEqual(PHONE.width + 1);
    });

    if (isChapter(path)) {
      test('typesets its math', async ({ page }) => {
        await page.goto(path);
        expect(await page.locator('.katex').count()).toBeGreaterThan(0);
        await expect(page.locator('.katex-error')).toHaveCount(0);
      });

      test('has an outline whose links all land on a heading', async ({ page }) => {
        await page.goto(path);
        const outline = page.getByRole('navigation', { name: 'On this page' });
        await expect(outline).toBeVisible();
        const targets = await outline
          .getByRole('link')
          .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
        expect(targets.length).toBeGreaterThan(1);
        for (const target of targets) await expect(page.locator(`[id="${target.slice(1)}"]`)).toHaveCount(1);
      });

      test('links to the previous and next chapters', async ({ page }) => {
        await page.goto(path);
        const nav = page.getByRole('navigation', { name: 'Chapters' });
        await expect(nav).toBeVisible();
        const links = nav.locator('a[rel="prev"], a[rel="next"]');
        for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
          const response = await page.request.get(href);
          expect(response.status(), href).toBe(200);
        }
        if (CHAPTER_COUNT > 1) expect(await links.count()).toBeGreaterThan(0);
      });

      test('numbers citations that resolve to its bibliography', async ({ page }) => {
        await page.goto(path);
        const cites = page.locator('a.cite');
        const hrefs = await cites.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        const references = page.locator('section.references li');
        expect(await references.count()).toBe(new Set(hrefs).size);
        for (const href of hrefs)
          await expect(page.locator(`section.references [id="${href.slice(1)}"]`)).toHaveCount(1);
      });
    }
  });
}
