/**
 * WCAG 2.5.8 (target size, minimum) for a widget: every control it shows must be a target of at least 24 × 24 CSS
 * px. A file input drawn as its label counts as the label. Returns the controls that are smaller (there should be
 * none), each named by its markup and size.
 */
import type { Locator } from '@playwright/test';

export function smallTargets(root: Locator): Promise<string[]> {
  return root.evaluate((element) => {
    const controls = element.querySelectorAll('button, input, select, summary, [tabindex]:not([tabindex="-1"])');
    return [...controls]
      .map((control) => {
        const file = control instanceof HTMLInputElement && control.type === 'file';
        return { control, box: ((file ? control.closest('label') : null) ?? control).getBoundingClientRect() };
      })
      .filter(({ box }) => box.width > 0 || box.height > 0)
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ control, box }) => `${control.outerHTML.slice(0, 90)}: ${box.width} × ${box.height}`);
  });
}
