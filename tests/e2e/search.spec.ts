/**
 * Search (Pagefind, indexed with every build): from the header's search box, with the keyboard, a term each chapter
 * teaches finds that chapter. The term comes from the glossary (the first it lists for the chapter) or, for a
 * chapter without one yet, the chapter's first section heading.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY_TERMS } from '../../src/data/glossary';
import { builtPages, DIST, isChapter } from './built-pages';
import { expect, test } from './fixtures';

const CHAPTERS = builtPages().filter(isChapter);

// Typing on the search page searches as you type; pressing Enter then leaves the page mid-search.
test.use({ allowedProblems: [/pagefind\/.*ERR_ABORTED/] });

function termFor(path: string): string {
  const slug = path.split('/')[2] ?? '';
  const glossaryTerm = GLOSSARY_TERMS.find((term) => term.chapter === slug)?.term;
  if (glossaryTerm) return glossaryTerm;
  const html = readFileSync(join(DIST, path, 'index.html'), 'utf8');
  const heading = /<h2[^>]*>(.*?)<\/h2>/s.exec(html)?.[1]?.replace(/<[^>]+>/g, '');
  if (!heading) throw new Error(`${path} has no section heading to search for`);
  return heading;
}

test('a term from each chapter finds that chapter, from the header search box', async ({ page }) => {
  await page.goto('/');
  for (const path of CHAPTERS) {
    const term = termFor(path);
    const box = page.getByRole('searchbox', { name: 'Search the book' });
    await box.fill(term);
    await box.press('Enter');
    await expect(page).toHaveURL(/\/search\/\?q=/);
    const status = page.locator('[data-role="search-status"]');
    await expect(status, term).toContainText(/\d+ results? for/);
    const links = page.locator('.search-results a');
    const hrefs = await links.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(hrefs, `"${term}" should find ${path}`).toContain(path);
  }
});

test('the results are links a keyboard reaches; an empty search says what to do', async ({ page }) => {
  await page.goto('/search/?q=convolution');
  await expect(page.locator('[data-role="search-status"]')).toContainText(/\d+ results? for “convolution”/);
  await page.locator('.search-results a').first().focus();
  await expect(page.locator('.search-results a').first()).toBeFocused();
  await page.goto('/search/');
  await expect(page.locator('[data-role="search-status"]')).toContainText('Type a word or phrase');
});
