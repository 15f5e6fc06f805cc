/**
 * Page benchmarks in headless Chromium against the built site (run `npm run build` first): page load to first
 * backbone prediction on webgl and on wasm, and JavaScript shipped by a chapter before and after its widget
 * scrolls into view. Prints figures; asserts nothing (timings belong in reports, not tests).
 * `npm run bench -- [--runs 3] [--page /chapters/why-machines-read-scans/]`
 */
import { parseArgs } from 'node:util';
import { openPreview } from './lib/preview-browser';
import type { Page } from '@playwright/test';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    page: { type: 'string', default: '/chapters/why-machines-read-scans/' },
    plain: { type: 'string', default: '/about/' },
    port: { type: 'string', default: '4391' },
  },
});
const { origin, browser, close } = await openPreview(values.port);

/** Bytes of JavaScript the page fetched (encoded, as on the wire). */
function countScripts(page: Page): () => number {
  let bytes = 0;
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    bytes += (await response.body().catch(() => Buffer.alloc(0))).byteLength;
  });
  return () => bytes;
}

async function firstPrediction(backend: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${origin}${values.page}?backend=${backend}`);
  const widget = page.locator('lb-backbone-inspector');
  await widget.scrollIntoViewIfNeeded();
  await widget.locator('xpath=.').and(page.locator('[data-result]')).waitFor({ timeout: 180_000 });
  const elapsed = Date.now() - started;
  const ran = await widget.getAttribute('data-backend');
  await context.close();
  if (ran !== backend) throw new Error(`asked for ${backend} but ran on ${ran}`);
  return elapsed;
}

async function shippedJs(path: string, scroll: boolean): Promise<{ before: number; after: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const bytes = countScripts(page);
  await page.goto(`${origin}${path}`);
  await page.waitForLoadState('networkidle');
  const before = bytes();
  if (scroll) {
    await page.locator('lb-backbone-inspector').scrollIntoViewIfNeeded();
    await page.locator('lb-backbone-inspector[data-result]').waitFor({ timeout: 180_000 });
    await page.waitForLoadState('networkidle');
  }
  const after = bytes();
  await context.close();
  return { before, after };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
try {
  const plain = await shippedJs(values.plain, false);
  const chapter = await shippedJs(values.page, true);
  process.stdout.write(`JS shipped, page without widget (${values.plain}): ${(plain.before / 1024).toFixed(1)} KB\n`);
  process.stdout.write(
    `JS shipped, ${values.page}: ${(chapter.before / 1024).toFixed(1)} KB before the widget is in view, ` +
      `${(chapter.after / 1024).toFixed(1)} KB after\n`,
  );
  for (const backend of ['webgl', 'wasm']) {
    const times: number[] = [];
    for (let run = 0; run < Number(values.runs); run++) times.push(await firstPrediction(backend));
    process.stdout.write(
      `page load → first prediction on ${backend}: median ${median(times)} ms over ${times.length} runs (${times.join(', ')})\n`,
    );
  }
} finally {
  await close();
}
