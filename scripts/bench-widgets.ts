/**
 * Time per interaction for every widget of the built site, on a chosen backend in headless Chromium: each widget is
 * scrolled into view, then its first range or select control is stepped with the keyboard a few times, and the
 * widget's own `data-last-ms` (set after each computation) is read. Prints figures; asserts nothing.
 * `npm run build && npm run bench:widgets -- [--backend wasm] [--steps 5]`
 */
import { parseArgs } from 'node:util';
import { openPreview } from './lib/preview-browser';
import type { Locator, Page } from '@playwright/test';
import { builtPages } from '../tests/e2e/built-pages';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '5' },
    port: { type: 'string', default: '4392' },
  },
});
const { origin, browser, close } = await openPreview(values.port);

async function settled(widget: Locator): Promise<void> {
  await widget
    .page()
    .waitForFunction(
      (el) => el?.getAttribute('data-state') === 'ready' || el?.getAttribute('data-state') === 'error',
      await widget.elementHandle(),
      { timeout: 180_000 },
    );
}

async function benchWidget(page: Page, widget: Locator): Promise<string> {
  await widget.scrollIntoViewIfNeeded();
  await settled(widget);
  if ((await widget.getAttribute('data-state')) === 'error')
    return 'error: ' + (await widget.locator('[data-role="status"]').textContent());
  // Not the head trainer's task switch (it re-reads every held-out scan): npm run bench:retrain times that widget.
  const control = widget
    .locator('input[type="range"], select:not([data-role="scan-select"]):not([data-role="task"])')
    .first();
  const times: number[] = [];
  if (await control.count()) {
    for (let step = 0; step < Number(values.steps); step++) {
      await control.focus();
      await page.keyboard.press(step % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(50);
      await settled(widget);
      const ms = Number(await widget.getAttribute('data-last-ms'));
      if (Number.isFinite(ms)) times.push(ms);
    }
  }
  const first = Number(await widget.getAttribute('data-last-ms'));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return times.length
    ? `median ${median?.toFixed(0)} ms over ${times.length} steps (${times.map((t) => t.toFixed(0)).join(', ')})`
    : `no steppable control; last computation ${Number.isFinite(first) ? `${first.toFixed(0)} ms` : 'not reported'}`;
}

try {
  for (const path of builtPages()) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}${path}?backend=${values.backend}`);
    const widgets = page.locator('.widget');
    const count = await widgets.count();
    for (let i = 0; i < count; i++) {
      const widget = widgets.nth(i);
      const name = await widget.evaluate((el) => el.tagName.toLowerCase());
      process.stdout.write(`${path} <${name}> on ${values.backend}: ${await benchWidget(page, widget)}\n`);
    }
    await page.close();
  }
} finally {
  await close();
}
