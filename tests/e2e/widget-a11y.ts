/**
 * Accessibility checks of one running widget: WCAG 2.5.8 target sizes, and axe-core on the widget as it is once it
 * has computed (the page-wide sweep in a11y.spec.ts sees widgets only before they start).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

/**
 * Every control the widget shows must be a target of at least 24 × 24 CSS px (WCAG 2.5.8): buttons, inputs, selects,
 * text areas, summaries and anything with a tabindex. A file input drawn as its label counts as the label; what is
 * not rendered (no box at all) does not count. Returns the controls that are smaller (there should be none), by markup
 * and size.
 */
export function smallTargets(root: Locator): Promise<string[]> {
  return root.evaluate((element) => {
    const controls = element.querySelectorAll('button, input, select, textarea, summary, [tabindex]');
    return [...controls]
      .map((control) => {
        const file = control instanceof HTMLInputElement && control.type === 'file';
        return { control, target: (file ? control.closest('label') : null) ?? control };
      })
      .filter(({ target }) => target.getClientRects().length > 0)
      .map(({ control, target }) => ({ control, box: target.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ control, box }) => `${control.outerHTML.slice(0, 90)}: ${box.width} × ${box.height}`);
  });
}

/** axe-core's critical and serious violations inside the widget matching `selector`, as "rule: target" lines. */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}
