/**
 * The Content-Security-Policy (src/lib/csp.ts): every built page carries it, and no page reports a violation while
 * its widgets run. Violations are collected from `securitypolicyviolation` events, which the browser fires for
 * every blocked script, style, font, image, fetch, worker or WebAssembly compilation; the shared fixture also fails
 * on the console error each one logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src/lib/csp';
import { builtPages, DIST } from './built-pages';
import { expect, test } from './fixtures';

const PAGES = builtPages();
// The book's pages; test fixtures are other specs' scaffolding (they carry the policy too: the first test checks).
const BOOK_PAGES = PAGES.filter((path) => !path.startsWith('/fixtures/'));

test('every page carries the policy, with no unsafe-eval and no inline script', () => {
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  for (const path of PAGES) {
    const html = readFileSync(join(DIST, path, 'index.html'), 'utf8');
    expect(html, path).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    // Inline scripts would need a hash in the policy: Astro bundles every <script> into a file instead.
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? [], path).toEqual([]);
    expect(html.match(/\son[a-z]+="/g) ?? [], path).toEqual([]);
  }
});

test('no page reports a violation while its widgets run', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  const report: Record<string, string[]> = {};
  for (const path of BOOK_PAGES) {
    await page.goto(`${path}?backend=wasm`);
    // Every widget on the page starts (it waits until it nears the screen) and publishes a result or settles on a
    // message: tfjs, its WebAssembly, the weights, the scans and every chart have loaded under the policy.
    for (const widget of await page.locator('.widget').all()) {
      await widget.scrollIntoViewIfNeeded();
      await expect(widget).toHaveAttribute('data-state', /ready|error/, { timeout: 120_000 });
    }
    await page.waitForLoadState('networkidle');
    report[path] = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  }
  expect(Object.entries(report).filter(([, violations]) => violations.length > 0)).toEqual([]);
  expect(Object.keys(report).length).toBe(BOOK_PAGES.length);
});
