/**
 * Chapter 6's gradient-descent widget, timed: epochs per second for each optimiser, in Node on tfjs-wasm (the library
 * alone) and in headless Chromium on wasm and WebGL (the widget, through Play). Prints figures; asserts nothing.
 * `npm run build && npm run bench:learn -- [--examples 4391] [--epochs 3] [--backends wasm,webgl]`
 * (SwiftShader, the headless WebGL, is a CPU emulation of a GPU: its figures say nothing about a real GPU.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DESCENT } from '../src/components/GradientDescent/state';
import type { DescentResult } from '../src/components/GradientDescent/run';
import { DescentRun, OPTIMISERS, type OptimiserName } from '../src/lib/model/training/descent';
import { loadFeatureSet } from '../src/lib/model/training/feature-set';
import { PROJECT_ROOT } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { openPreview } from './lib/preview-browser';

const { values } = parseArgs({
  options: {
    examples: { type: 'string', default: '4391' },
    epochs: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'wasm,webgl' },
    port: { type: 'string', default: '4394' },
  },
});
const examples = Number(values.examples);
const epochs = Number(values.epochs);
const LEARNING_RATE: Record<OptimiserName, number> = { sgd: 0.1, momentum: 0.01, adam: 0.001 };

async function nodeFigures(): Promise<void> {
  const { tf } = await nodeRuntime();
  const dir = join(PROJECT_ROOT, 'public/weights/features/cxr');
  const set = await loadFeatureSet('', ['train', 'validation'], {
    fetch: (url) => Promise.resolve(new Response(readFileSync(join(dir, url)))),
  });
  for (const optimiser of OPTIMISERS) {
    const run = new DescentRun(tf, set.splits.train!, set.splits.validation!, {
      ...DEFAULT_DESCENT,
      optimiser,
      learningRate: LEARNING_RATE[optimiser],
      examples,
    });
    const started = performance.now();
    for (let e = 0; e < epochs; e++) {
      await run.run(Number.POSITIVE_INFINITY, { yieldNow: () => Promise.resolve() });
      await run.measure();
    }
    const seconds = (performance.now() - started) / 1000;
    run.dispose();
    process.stdout.write(
      `node wasm  ${optimiser.padEnd(8)} ${(epochs / seconds).toFixed(2)} epochs/s (${examples} examples, batch ${DEFAULT_DESCENT.batchSize})\n`,
    );
  }
}

async function pageFigures(): Promise<void> {
  const { origin, browser, close } = await openPreview(values.port);
  try {
    for (const backend of values.backends.split(',')) {
      for (const optimiser of OPTIMISERS) {
        const page = await browser.newPage();
        const query = `backend=${backend}&gd.optimiser=${optimiser}&gd.lr=${LEARNING_RATE[optimiser]}&gd.n=${examples}`;
        await page.goto(`${origin}/chapters/how-networks-learn/?${query}`);
        const widget = page.locator('lb-gradient-descent');
        await widget.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (el) => (el?.getAttribute('data-result') ?? '').includes('"status":"ready"'),
          await widget.elementHandle(),
          { timeout: 120_000 },
        );
        await widget.getByRole('button', { name: 'Play' }).click();
        await page.waitForFunction(
          ([el, e]) =>
            ((JSON.parse(el?.getAttribute('data-result') ?? '{}') as { epoch?: number }).epoch ?? 0) >= (e as number),
          [await widget.elementHandle(), epochs] as const,
          { timeout: 600_000 },
        );
        const result = JSON.parse((await widget.getAttribute('data-result')) ?? '{}') as DescentResult;
        process.stdout.write(
          `page ${backend.padEnd(5)} ${optimiser.padEnd(8)} ${result.epochsPerSecond.toFixed(2)} epochs/s (${examples} examples, batch ${DEFAULT_DESCENT.batchSize})\n`,
        );
        await page.close();
      }
    }
  } finally {
    await close();
  }
}

await nodeFigures();
await pageFigures();
