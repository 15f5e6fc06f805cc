/**
 * Accessibility sweep: axe-core on every built page as it loads (widgets start only when scrolled near, so this is
 * the static page). Violations of impact "critical" or "serious" fail, listed as rule, impact and target selectors;
 * every violation found, whatever its impact, is attached to the test as axe-violations.json.
 */
import AxeBuilder from '@axe-core/playwright';
import { builtPages } from './built-pages';
import { expect, test } from './fixtures';

const BLOCKING = new Set(['critical', 'serious']);

for (const path of builtPages()) {
  test(`${path} has no critical or serious axe violations`, async ({ page }, testInfo) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const { violations } = await new AxeBuilder({ page }).analyze();
    if (violations.length > 0) {
      await testInfo.attach('axe-violations.json', {
        body: JSON.stringify(violations, null, 2),
        contentType: 'application/json',
      });
    }
    const blocking = violations
      .filter((violation) => BLOCKING.has(violation.impact ?? ''))
      .flatMap((violation) =>
        violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')}`),
      );
    expect(blocking, `axe violations on ${path}: rule (impact): target`).toEqual([]);
  });
}
