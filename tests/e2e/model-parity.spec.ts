/** The same pixels give the same backbone input in Node (wasm) and in the browser (WebGL), within 1e-5. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../../src/node/decode';
import { SITE_SAMPLES } from '../../src/node/paths';
import { fixturePage } from './built-pages';
import { expect, test } from './fixtures';
import { galleryScans, nodeInputTensor } from './node-reference';

const TOLERANCE = 1e-5;

interface ParityWindow {
  lightboxParity: {
    backend: string;
    inputTensor(
      image: { width: number; height: number; channels: number; data: number[] },
      spec: unknown,
    ): Promise<number[]>;
  };
}

for (const dataset of ['cxr', 'oct'] as const) {
  test(`preprocessing parity on a ${dataset} scan`, async ({ page }) => {
    const scan = galleryScans().find((s) => s.dataset === dataset);
    test.skip(!scan, 'no gallery installed (npm run setup)');
    const image = await decodeImage(readFileSync(join(SITE_SAMPLES, scan!.file)), scan!.id);
    await page.goto(fixturePage('model-parity'));
    await expect(page.locator('[data-role="fixture-status"]')).toContainText('Ready on webgl', { timeout: 60_000 });
    const browser = await page.evaluate(
      ({ width, height, channels, data }) =>
        (window as unknown as ParityWindow).lightboxParity.inputTensor(
          { width, height, channels, data },
          { size: 224, scale: 1 / 127.5, offset: -1 },
        ),
      { width: image.width, height: image.height, channels: image.channels, data: Array.from(image.data) },
    );
    const node = await nodeInputTensor(image);
    expect(browser.length).toBe(node.length);
    let worst = 0;
    node.forEach((value, i) => {
      worst = Math.max(worst, Math.abs(value - (browser[i] ?? Number.NaN)));
    });
    test.info().annotations.push({ type: 'max abs difference', description: worst.toExponential(2) });
    expect(worst).toBeLessThan(TOLERANCE);
  });
}
