/**
 * Milliseconds per explanation map, per method, with occlusion at stride 20 / 10 / 4 (window 20): in Node on wasm
 * (the library itself, batched and one box per model call), and in headless Chromium on wasm and WebGL through the
 * chapter's widget (its `data-last-ms`, plus the time from the request to the first partial occlusion map drawn).
 * Figures only, no assertions. `npm run build && npm run bench:explain -- [--scan ID] [--browser-strides 20,10]
 * [--webgl-strides 20] [--no-browser] [--no-node] [--port 4394]`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Classifier } from '../src/lib/model/core/classifier';
import { parseHeadMeta } from '../src/lib/model/core/meta';
import { preprocessGray } from '../src/lib/model/core/preprocess';
import { DEFAULT_SETTINGS, explain, METHODS, type Method } from '../src/lib/model/explain/methods';
import { occlusion } from '../src/lib/model/explain/occlusion';
import { explainableOf, Scorer } from '../src/lib/model/explain/scorer';
import { decodeImage } from '../src/node/decode';
import { fileLoader } from '../src/node/model-files';
import { SITE_BACKBONES, SITE_HEADS, SITE_SAMPLES } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import type { Page } from '@playwright/test';
import { openPreview } from './lib/preview-browser';

const { values } = parseArgs({
  options: {
    scan: { type: 'string', default: 'IM-0069-0001' },
    strides: { type: 'string', default: '20,10,4' },
    'browser-strides': { type: 'string', default: '20,10,4' },
    'webgl-strides': { type: 'string', default: '20' },
    'no-browser': { type: 'boolean', default: false },
    'no-node': { type: 'boolean', default: false },
    port: { type: 'string', default: '4394' },
  },
});
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const numbers = (text: string): number[] => text.split(',').filter(Boolean).map(Number);
const GRADIENT_METHODS = METHODS.filter((m) => m !== 'occlusion');

async function nodeBench(): Promise<void> {
  const { tf } = await nodeRuntime();
  const meta = parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, 'cxr/meta.json'), 'utf8')));
  const classifier = await Classifier.load(tf, meta, {
    backbone: fileLoader(join(SITE_BACKBONES, meta.feature.backbone, 'model.json')),
    head: fileLoader(join(SITE_HEADS, 'cxr/model.json')),
    finetuned: meta.finetunedBackbone ? fileLoader(join(SITE_HEADS, 'cxr', meta.finetunedBackbone.path)) : undefined,
  });
  const scorer = new Scorer(explainableOf(tf, classifier));
  const file = `cxr/${values.scan}.jpeg`;
  const gray = preprocessGray(await decodeImage(readFileSync(join(SITE_SAMPLES, file)), file), meta.input.size);
  const settings = { ...DEFAULT_SETTINGS, target: 1 };
  const time = async (run: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  await explain(scorer, gray, 'gradcam', settings); // warm-up
  for (const stride of numbers(values.strides)) {
    let boxes = 0;
    const ms = await time(async () => {
      boxes = (await occlusion(scorer, gray, { ...settings, stride, pause: async () => {} })).total;
    });
    say(
      `node wasm  occlusion stride ${stride}: ${ms.toFixed(0)} ms (${boxes} boxes, ${(ms / boxes).toFixed(1)} ms/box, batches sized to 40 ms)`,
    );
  }
  const batched = await time(() =>
    occlusion(scorer, gray, { ...settings, stride: 20, batch: 16, pause: async () => {} }),
  );
  const single = await time(() =>
    occlusion(scorer, gray, { ...settings, stride: 20, batch: 1, pause: async () => {} }),
  );
  say(
    `node wasm  occlusion stride 20, one box per model call: ${single.toFixed(0)} ms; batched 16: ${batched.toFixed(0)} ms; batched / one-per-pass = ${(batched / single).toFixed(2)}`,
  );
  for (const method of GRADIENT_METHODS)
    say(`node wasm  ${method}: ${(await time(() => explain(scorer, gray, method, settings))).toFixed(0)} ms`);
  classifier.dispose();
}

/** Samples how long the page's thread stays busy (how long an input would wait), into window.worstGap. */
async function watchThread(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { worstGap: number };
    w.worstGap = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.worstGap = Math.max(w.worstGap, now - last - 20);
      last = now;
    }, 20);
  });
}

async function browserBench(backend: 'wasm' | 'webgl', strides: number[]): Promise<void> {
  const { origin, browser, close } = await openPreview(values.port);
  try {
    const run = async (method: Method, stride: number): Promise<string> => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(
        `${origin}/chapters/where-the-network-looked/?backend=${backend}&scan=${values.scan}&xp.method=${method}&xp.s=${stride}`,
      );
      const widget = page.locator('lb-explanation-explorer');
      await watchThread(page);
      await widget.scrollIntoViewIfNeeded();
      const firstPartial =
        method === 'occlusion'
          ? page
              .waitForFunction(
                () =>
                  /Occlusion: \d+ of/.test(
                    document.querySelector('lb-explanation-explorer [data-role="status"]')?.textContent ?? '',
                  ),
                null,
                { timeout: 3_600_000 },
              )
              .then(async () => {
                const at = performance.now();
                // From the first box on, the thread's longest busy stretch is the occlusion's, not the model load's.
                await page.evaluate(() => ((window as unknown as { worstGap: number }).worstGap = 0));
                return at;
              })
          : null;
      const started = performance.now();
      await page.waitForFunction(
        () => document.querySelector('lb-explanation-explorer')?.getAttribute('data-result'),
        null,
        { timeout: 3_600_000 },
      );
      const ms = Number(await widget.getAttribute('data-last-ms'));
      const first = firstPartial
        ? `; first partial map ${((await firstPartial) - started).toFixed(0)} ms after the page asked (model load included)`
        : '';
      const gap = await page.evaluate(() => (window as unknown as { worstGap: number }).worstGap);
      await page.close();
      const scope = firstPartial ? 'while the boxes ran' : 'model load included';
      return `${ms.toFixed(0)} ms per map${first}; longest the page's thread was busy ${gap.toFixed(0)} ms (${scope})`;
    };
    for (const stride of strides)
      say(`${backend} (Chromium) occlusion stride ${stride}: ${await run('occlusion', stride)}`);
    for (const method of GRADIENT_METHODS) say(`${backend} (Chromium) ${method}: ${await run(method, 20)}`);
  } finally {
    await close();
  }
}

if (!values['no-node']) await nodeBench();
if (!values['no-browser']) {
  await browserBench('wasm', numbers(values['browser-strides']));
  await browserBench('webgl', numbers(values['webgl-strides']));
}
