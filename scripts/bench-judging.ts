/**
 * The judging chapter's two timed interactions in headless Chromium on a backend (wasm by default): the ROC
 * explorer's answer to a threshold step (key press on the curve → new result published, measured in the page),
 * and the limited-data experiment (9 sizes × 5 seeds, progress printed as it runs; optionally cancelled halfway to
 * time the cancel). Prints figures; asserts nothing.
 * `npm run build && npm run bench:judging -- [--backend wasm] [--steps 40] [--cancel]`
 */
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { openPreview } from './lib/preview-browser';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '40' },
    port: { type: 'string', default: '4394' },
    cancel: { type: 'boolean', default: false },
  },
});
const { origin, browser, close } = await openPreview(values.port);

/** Milliseconds from each key press until the ROC explorer publishes a different result, measured in the page. */
async function rocLatencies(page: Page, steps: number): Promise<number[]> {
  const widget = page.locator('lb-roc-threshold');
  await widget.scrollIntoViewIfNeeded();
  await page.waitForSelector('lb-roc-threshold[data-state="ready"][data-result]', { timeout: 120_000 });
  const chart = widget.locator('[data-role="chart"]');
  await chart.focus();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const key = i % 10 < 5 ? 'ArrowRight' : 'ArrowLeft';
    times.push(
      await chart.evaluate(
        (element, k) =>
          new Promise<number>((resolve) => {
            const root = element.closest('lb-roc-threshold') as HTMLElement;
            const before = root.dataset.result;
            const started = performance.now();
            const observer = new MutationObserver(() => {
              if (root.dataset.result !== before) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(root, { attributes: true, attributeFilter: ['data-result'] });
            element.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
          }),
        key,
      ),
    );
  }
  return times;
}

async function limitedData(page: Page, cancel: boolean): Promise<void> {
  const widget = page.locator('lb-limited-data');
  await widget.scrollIntoViewIfNeeded();
  await page.waitForSelector('lb-limited-data[data-state="ready"]', { timeout: 120_000 });
  const started = Date.now();
  await widget.getByRole('button', { name: /Run/ }).click();
  let last = '';
  for (;;) {
    const status =
      (await widget
        .locator('[data-role="status"]')
        .textContent()
        .catch(() => '')) ?? '';
    if (status !== last) {
      process.stdout.write(`  ${((Date.now() - started) / 1000).toFixed(1)} s: ${status}\n`);
      last = status;
    }
    if (cancel && /^2[3-9] of/.test(status)) {
      const asked = Date.now();
      await widget.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForSelector('lb-limited-data[data-result*="\\"cancelled\\":true"]', { timeout: 60_000 });
      process.stdout.write(`cancel answered in ${Date.now() - asked} ms\n`);
      return;
    }
    const result = await widget.getAttribute('data-result');
    if (result?.includes('"done":true')) {
      const { seconds, backend, points } = JSON.parse(result) as {
        seconds: number;
        backend: string;
        points: unknown[];
      };
      process.stdout.write(`limited-data curve: ${points.length} heads in ${seconds.toFixed(1)} s on ${backend}\n`);
      return;
    }
    await page.waitForTimeout(500);
  }
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/chapters/judging-a-model/?backend=${values.backend}`);
  const times = (await rocLatencies(page, Number(values.steps))).sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  process.stdout.write(
    `ROC step → new result (${values.backend}, ${times.length} steps): median ${at(0.5).toFixed(1)} ms, ` +
      `95th percentile ${at(0.95).toFixed(1)} ms, max ${(times[times.length - 1] ?? Number.NaN).toFixed(1)} ms\n`,
  );
  await limitedData(page, values.cancel);
} finally {
  await close();
}
