/**
 * The in-page retraining (chapter 7) on a backend in headless Chromium: time until the widget is ready (model load
 * plus reading the held-out test scans), time to add N training films per class (backbone once per film), and time
 * to train the head, for a few N. Prints figures; asserts nothing.
 * `npm run build && npm run bench:retrain -- [--backend wasm] [--sizes 5,10]`
 */
import { parseArgs } from 'node:util';
import { openPreview } from './lib/preview-browser';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    sizes: { type: 'string', default: '5,10' },
    port: { type: 'string', default: '4393' },
  },
});
const { origin, browser, close } = await openPreview(values.port);
const STEP = 5; // films per "Add 5 training films" click

try {
  for (const size of values.sizes.split(',').map(Number)) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(`${origin}/chapters/transfer-learning/?backend=${values.backend}`);
    const widget = page.locator('lb-head-trainer');
    await widget.scrollIntoViewIfNeeded();
    const ready = async (pattern: string): Promise<void> => {
      await page.waitForFunction(
        ([el, p]) =>
          (el as Element).getAttribute('data-state') === 'ready' &&
          ((el as Element).getAttribute('data-result') ?? '').includes(p as string),
        [await widget.elementHandle(), pattern] as const,
        { timeout: 300_000 },
      );
    };
    await ready('"heldOut"');
    const readyMs = Date.now() - started;
    const classes = JSON.parse((await widget.getAttribute('data-result')) ?? '{}') as {
      classes: string[];
      heldOut: number;
    };
    const addStarted = Date.now();
    for (const name of classes.classes) {
      for (let added = 0; added < size; added += STEP) {
        await widget
          .getByRole('region', { name })
          .getByRole('button', { name: /Add 5 training films/ })
          .click();
        await page.waitForTimeout(50);
        await ready('"examples"');
      }
    }
    const addMs = Date.now() - addStarted;
    const films = classes.classes.length * size;
    await widget.getByRole('button', { name: 'Train my head' }).click();
    await ready('"trained":true');
    const result = JSON.parse((await widget.getAttribute('data-result')) ?? '{}') as {
      epochs: number;
      yours: { correct: number; total: number };
    };
    process.stdout.write(
      `${values.backend}, ${size} films per class: ready in ${readyMs} ms (${classes.heldOut} held-out scans read); ` +
        `${films} films added in ${addMs} ms (${(addMs / films).toFixed(0)} ms each); trained ${result.epochs} epochs in ` +
        `${await widget.getAttribute('data-last-ms')} ms; held-out ${result.yours.correct}/${result.yours.total}\n`,
    );
    await page.close();
  }
} finally {
  await close();
}
