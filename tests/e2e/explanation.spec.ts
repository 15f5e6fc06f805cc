/**
 * Chapter 8, Where did the network look: occlusion drops at sampled boxes equal the classifier in Node (wasm) on the
 * same occluded film (1e-4 on wasm, 0.02 on WebGL); Grad-CAM, saliency and Integrated Gradients equal the same library
 * in Node; a WebGL context lost in the middle of a map finishes the map on wasm; bad files and impossible windows are
 * refused with the reason and the previous map stays; the widget fits a phone and passes axe.
 */
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { ExplanationResult } from '../../src/components/ExplanationExplorer/run';
import { grayToInputTensor, preprocessGray } from '../../src/lib/model/core/preprocess';
import { gradCam, integratedGradients, saliency } from '../../src/lib/model/explain/gradients';
import { explainableOf, Scorer } from '../../src/lib/model/explain/scorer';
import { nodeRuntime } from '../../src/node/runtime';
import {
  decodeScan,
  galleryScanOrSkip,
  loseContext,
  nodeClassifier,
  openWidget,
  publishedResult,
  widgetResult,
} from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/where-the-network-looked/';
const XP = 'lb-explanation-explorer';

/** Node's drop of the class's probability for each box: the classifier on the film with that box set to black. */
async function nodeDrops(
  scanId: Parameters<typeof galleryScanOrSkip>[0],
  result: ExplanationResult,
  boxes: ExplanationResult['boxes'] & object,
): Promise<number[]> {
  const { tf } = await nodeRuntime();
  const classifier = await nodeClassifier(result.task);
  const scan = galleryScanOrSkip(scanId, result.task);
  const gray = preprocessGray(await decodeScan(scan), classifier.meta.input.size);
  const probability = async (values: Float32Array): Promise<number> => {
    const p = tf.tidy(() => classifier.probabilitiesFromInput(grayToInputTensor(tf, values, classifier.meta.input)));
    const out = ((await p.data()) as Float32Array)[result.target]!;
    p.dispose();
    return out;
  };
  const base = await probability(gray);
  const size = classifier.meta.input.size;
  const k = result.settings.window;
  return Promise.all(
    boxes.map(async (box) => {
      const occluded = Float32Array.from(gray);
      for (let y = box.top; y < box.top + k; y++) occluded.fill(0, y * size + box.left, y * size + box.left + k);
      return base - (await probability(occluded));
    }),
  );
}

const sampled = <T>(items: readonly T[]): T[] =>
  [0, 7, Math.floor(items.length / 2), items.length - 1].map((i) => items[i]!);

async function choose(page: Page, role: string, value: string): Promise<void> {
  await page.locator(`${XP} [data-role="${role}"]`).selectOption(value);
}

test('on wasm: occlusion, Grad-CAM, saliency and Integrated Gradients equal Node', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const { result } = await openWidget<ExplanationResult>(
    page,
    `${CHAPTER}?backend=wasm&scan=${scan.id}&xp.k=40&xp.s=40`,
    XP,
    /"method":"occlusion"/,
  );
  expect(result.backend).toBe('wasm');
  expect(result.boxes).toHaveLength(36);
  const boxes = sampled(result.boxes!);
  const drops = await nodeDrops('cxr', result, boxes);
  boxes.forEach((box, i) => expect(Math.abs(box.probability - drops[i]!)).toBeLessThan(1e-4));

  const { tf } = await nodeRuntime();
  const classifier = await nodeClassifier('cxr');
  const scorer = new Scorer(explainableOf(tf, classifier));
  const gray = preprocessGray(await decodeScan(scan), classifier.meta.input.size);
  const options = { target: result.target, space: result.space };
  const same = (browser: ExplanationResult, node: Float32Array): void => {
    const limit = Math.max(...Array.from(node, Math.abs));
    expect(Math.abs(browser.limit - limit)).toBeLessThan(1e-3 * limit);
    for (const s of browser.samples)
      expect(Math.abs((s.value ?? 0) - node[s.row * 224 + s.col]!)).toBeLessThan(1e-3 * limit);
  };
  await choose(page, 'method', 'gradcam');
  same(await widgetResult(page, XP, /"method":"gradcam"/), (await gradCam(scorer, gray, options)).map.values);
  await choose(page, 'method', 'saliency');
  same(await widgetResult(page, XP, /"method":"saliency"/), (await saliency(scorer, gray, options)).values);
  await choose(page, 'method', 'ig');
  await choose(page, 'steps', '16');
  const ig = await widgetResult<ExplanationResult>(page, XP, /"method":"ig".*"steps":16/);
  const nodeIg = await integratedGradients(scorer, gray, { ...options, steps: 16 });
  same(ig, nodeIg.map.values);
  expect(Math.abs(ig.completeness!.delta - nodeIg.delta)).toBeLessThan(1e-4);
  await expect(page.locator(`${XP} [data-role="detail"]`)).toContainText('Completeness');
});

test('on WebGL: occlusion within 0.02 of Node; a context lost mid-map finishes the map on wasm', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const { widget, result } = await openWidget<ExplanationResult>(
    page,
    `${CHAPTER}?debug&scan=${scan.id}&xp.k=112&xp.s=112`,
    XP,
    /"method":"occlusion"/,
    90_000,
  );
  expect(result.backend).toBe('webgl');
  await expect(widget).toHaveAttribute('data-backend', 'webgl');
  const drops = await nodeDrops('cxr', result, result.boxes!);
  result.boxes!.forEach((box, i) => expect(Math.abs(box.probability - drops[i]!)).toBeLessThan(0.02));

  await widget.locator('[data-role="stride"]').fill('28');
  await widget.locator('[data-role="stride"]').dispatchEvent('change');
  await expect(widget.locator('[data-role="status"]')).toContainText(/Occlusion: \d+ of 25 boxes/, { timeout: 60_000 });
  await loseContext(page);
  const finished = await widgetResult<ExplanationResult>(page, XP, /"backend":"wasm".*/, 90_000);
  expect(finished.settings.stride).toBe(28);
  expect(finished.boxes).toHaveLength(25);
  const wasmDrops = await nodeDrops('cxr', finished, finished.boxes!);
  finished.boxes!.forEach((box, i) => expect(Math.abs(box.probability - wasmDrops[i]!)).toBeLessThan(1e-4));
});

test('bad files and impossible windows are refused with the reason; the previous map stays', async ({
  page,
  problems,
}) => {
  problems.allow(/Failed to load resource/);
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const { widget, result } = await openWidget<ExplanationResult>(
    page,
    `${CHAPTER}?backend=wasm&scan=${scan.id}&xp.method=gradcam`,
    XP,
    /"method":"gradcam"/,
  );
  const input = widget.locator('[data-role="scan-file"]');
  const message = widget.locator('[data-role="scan-message"]');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(message).toContainText('is not an image');
  await input.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG broken') });
  await expect(message).toContainText('could not be decoded');
  const transparent = await sharp({
    create: { width: 64, height: 64, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0 } },
  })
    .png()
    .toBuffer();
  await input.setInputFiles({ name: 'cutout.png', mimeType: 'image/png', buffer: transparent });
  await expect(widget.locator('[data-role="refusal"]')).toContainText('transparent pixels');
  expect((await publishedResult<ExplanationResult>(widget)).scan).toBe(result.scan);

  await choose(page, 'scan-select', scan.id);
  await widgetResult(page, XP, new RegExp(`"scan":"${scan.id}"`));
  await choose(page, 'method', 'occlusion');
  const windowInput = widget.locator('[data-role="window"]');
  await windowInput.fill('300');
  await windowInput.dispatchEvent('change');
  await expect(widget.locator('[data-role="refusal"]')).toContainText('does not fit on the 224 px input');
  expect((await publishedResult<ExplanationResult>(widget)).method).toBe('gradcam');

  const sixteenBit = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#404040' } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  await windowInput.fill('20');
  await windowInput.dispatchEvent('change');
  await choose(page, 'method', 'gradcam');
  await input.setInputFiles({ name: 'deep.png', mimeType: 'image/png', buffer: sixteenBit });
  await widgetResult(page, XP, /"scan":"file:deep\.png"/);

  // A 12 000 px wide image is scaled down on reading, and the reader is told; a CMYK JPEG is read by the browser.
  const wide = await sharp({ create: { width: 12_000, height: 600, channels: 3, background: '#606060' } })
    .png()
    .toBuffer();
  await input.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: wide });
  await widgetResult(page, XP, /"scan":"file:wide\.png"/);
  await expect(widget).toContainText('12,000 × 600 px; it was scaled down');
  const cmyk = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .toColourspace('cmyk')
    .jpeg()
    .toBuffer();
  await input.setInputFiles({ name: 'print.jpg', mimeType: 'image/jpeg', buffer: cmyk });
  await widgetResult(page, XP, /"scan":"file:print\.jpg"/);
});

test('fits a 360 px phone with no horizontal scroll; every control a 24 px target; axe', async ({ page }) => {
  const scan = galleryScanOrSkip('cxr', 'cxr');
  await page.setViewportSize({ width: 360, height: 740 });
  await openWidget(page, `${CHAPTER}?backend=wasm&scan=${scan.id}&xp.method=gradcam`, XP, /"method":"gradcam"/);
  const overlay = page.getByRole('img', { name: /Grad-CAM map/ });
  await overlay.focus();
  await page.keyboard.press('Shift+ArrowRight');
  await widgetResult(page, XP, /"cursor":\{"row":112,"col":128/);
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(361);
  expect(await smallTargets(page.locator(XP))).toEqual([]);
  expect(await axeViolations(page, XP)).toEqual([]);
});
