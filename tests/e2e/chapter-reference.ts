/**
 * The Node side of the chapter 4 and 5 widget checks: the same library code on tfjs-wasm over the same gallery files
 * (decoded by sharp), with the shipped heads loaded from public/weights/heads as the page loads them. Also the page
 * side every widget spec shares: opening a widget, reading the result it publishes, its tensors, a lost context.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { GalleryScan } from '../../src/lib/gallery';
import { otherScans } from '../../src/lib/gallery-pick';
import { Classifier } from '../../src/lib/model/core/classifier';
import { parseHeadMeta } from '../../src/lib/model/core/meta';
import type { RawImage } from '../../src/lib/model/core/preprocess';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SITE_BACKBONES, SITE_HEADS, SITE_SAMPLES } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { DIST } from './built-pages';
import { expect, test } from './fixtures';
import { galleryScans } from './node-reference';

export { galleryScans };

export function decodeScan(scan: GalleryScan): Promise<RawImage> {
  return decodeImage(readFileSync(join(SITE_SAMPLES, scan.file)), scan.id);
}

/** Whether the built site serves the task's head (and Node can read the same files). */
export function hasHead(task: string): boolean {
  return existsSync(join(SITE_HEADS, task, 'meta.json')) && existsSync(join(DIST, 'weights/heads', task, 'meta.json'));
}

/**
 * The gallery's first scan of `dataset`, for a test that needs it: the test skips without one, and, when `head` names
 * a task, without that task's shipped head.
 */
export function galleryScanOrSkip(dataset: GalleryScan['dataset'], head?: string): GalleryScan {
  const scan = galleryScans().find((s) => s.dataset === dataset);
  if (head === undefined) test.skip(!scan, 'no gallery installed (npm run setup)');
  else test.skip(!scan || !hasHead(head), `needs the gallery and the ${head} head`);
  return scan!;
}

const classifiers = new Map<string, Promise<Classifier>>();

/** The shipped head for a task with its backbone, loaded once per test worker. */
export function nodeClassifier(task: string): Promise<Classifier> {
  let classifier = classifiers.get(task);
  if (!classifier) {
    classifier = (async () => {
      const { tf } = await nodeRuntime();
      const meta = parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, task, 'meta.json'), 'utf8')));
      return Classifier.load(tf, meta, {
        backbone: fileLoader(join(SITE_BACKBONES, meta.feature.backbone, 'model.json')),
        head: fileLoader(join(SITE_HEADS, task, 'model.json')),
        finetuned: meta.finetunedBackbone ? fileLoader(join(SITE_HEADS, task, meta.finetunedBackbone.path)) : undefined,
      });
    })();
    classifiers.set(task, classifier);
  }
  return classifier;
}

/** The other gallery scans the shift experiment compares a scan with, decoded. */
export function nodeOtherScans(scan: GalleryScan, count: number): Promise<RawImage[]> {
  return Promise.all(otherScans(galleryScans(), scan.dataset, scan.id, count).map(decodeScan));
}

/**
 * Opens `url`, brings the widget matching `selector` into view (widgets wait offscreen) and returns it with the first
 * result it publishes that matches `pattern`.
 */
export async function openWidget<T>(
  page: Page,
  url: string,
  selector: string,
  pattern: RegExp,
  timeout = 60_000,
): Promise<{ widget: Locator; result: T }> {
  await page.goto(url);
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  return { widget, result: await widgetResult<T>(page, selector, pattern, timeout) };
}

/** The JSON a widget publishes in data-result once it matches `pattern`. */
export async function widgetResult<T>(page: Page, selector: string, pattern: RegExp, timeout = 60_000): Promise<T> {
  const widget = page.locator(selector);
  await expect(widget).toHaveAttribute('data-result', pattern, { timeout });
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout });
  return publishedResult<T>(widget);
}

/** The JSON the widget publishes in data-result now, without waiting (`{}` before its first result). */
export async function publishedResult<T>(widget: Locator): Promise<T> {
  return JSON.parse((await widget.getAttribute('data-result')) ?? '{}') as T;
}

export async function numTensors(page: Page): Promise<number> {
  return page.evaluate(() =>
    (window as unknown as { lightboxDebug: { numTensors(): number } }).lightboxDebug.numTensors(),
  );
}

/** Loses the page's WebGL context (through the page's debug hook, `?debug`), as a crashed GPU process would. */
export async function loseContext(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { lightboxDebug: { loseContext(): void } }).lightboxDebug.loseContext(),
  );
}
