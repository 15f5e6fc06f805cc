/**
 * DICOM in the page (issue 14): a DICOM that dcmtk made from a gallery film gives the prediction the film's JPEG
 * gives (uncompressed RGB, JPEG-in-DICOM, 16-bit, MONOCHROME1); the window control starts from the header and
 * changes what the model sees; a multi-frame file says it shows the first frame; RLE and SVG are refused with the
 * reason; every file input offers DICOM. The files are made at test time (tests/unit/dicom-fixtures.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { InsideCnnResult } from '../../src/components/InsideCnn/run';
import { SITE_SAMPLES } from '../../src/node/paths';
import { dicomFixtures, dicomToolsMissing, type DicomFixtures } from '../unit/dicom-fixtures';
import { DIST, builtPages } from './built-pages';
import { galleryScanOrSkip, openWidget, publishedResult, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/inside-the-cnn/';
const CNN = 'lb-inside-cnn';
/** The bar: the DICOM's prediction within 0.02 of the JPEG's. */
const PREDICTION_TOLERANCE = 0.02;

const worst = (a: readonly number[], b: readonly number[]): number =>
  Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? Number.NaN))));

/** Chooses `path` in the picker's file input and waits for the widget's result on it. */
async function choose(page: Page, path: string, name: string): Promise<InsideCnnResult> {
  await page.locator(`${CNN} [data-role="scan-file"]`).setInputFiles(path);
  return widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"scan":"file:${name.replace('.', '\\.')}"`));
}

test('a DICOM made from a gallery film gives the JPEG’s prediction; window, frames and refusals in words', async ({
  page,
}) => {
  test.skip(dicomToolsMissing() !== null, dicomToolsMissing() ?? '');
  const scan = galleryScanOrSkip('cxr', 'cxr');
  const made = await dicomFixtures(join(SITE_SAMPLES, scan.file));
  test.skip(typeof made === 'string', String(made));
  const f = made as DicomFixtures;
  const { widget, result: jpeg } = await openWidget<InsideCnnResult>(
    page,
    `${CHAPTER}?scan=${scan.id}&backend=wasm`,
    CNN,
    new RegExp(`"scan":"${scan.id}"`),
    90_000,
  );
  // Every file input on the page offers DICOM beside images.
  for (const accept of await page
    .locator('input[type="file"]')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).accept))) {
    expect(accept).toContain('.dcm');
    expect(accept).toContain('application/dicom');
  }
  const differences: Record<string, number> = {};
  for (const [key, name] of [
    ['rgb', 'rgb.dcm'],
    ['baseline', 'baseline.dcm'],
    ['grey16', 'grey16.dcm'],
    ['mono1', 'mono1.dcm'],
  ] as const) {
    const result = await choose(page, f[key], name);
    differences[name] = worst(result.probabilities, jpeg.probabilities);
    expect(differences[name], name).toBeLessThanOrEqual(PREDICTION_TOLERANCE);
  }
  test.info().annotations.push({
    type: 'largest probability difference, DICOM vs the JPEG it was made from',
    description: JSON.stringify(differences),
  });

  // The window control starts from the header; a narrow window changes what the model sees; reset restores it.
  const window = widget.getByRole('group', { name: 'DICOM window' });
  await expect(window).toBeVisible();
  await expect(window.getByLabel('Centre')).toHaveValue('2048');
  await expect(window.getByLabel('Width')).toHaveValue('4096');
  // The control is labelled, axe-clean and made of 24 px targets.
  expect(await axeViolations(page, `${CNN} [data-scan-picker]`)).toEqual([]);
  expect(await smallTargets(page.locator(`${CNN} [data-scan-picker]`))).toEqual([]);
  const mono = await publishedResult<InsideCnnResult>(widget);
  await window.getByLabel('Width').fill('400');
  await window.getByLabel('Width').press('Enter');
  await window.getByLabel('Width').blur();
  const narrow = await widgetResult<InsideCnnResult>(page, CNN, /"scan":"file:mono1\.dcm@2048,400"/);
  expect(worst(narrow.probabilities, mono.probabilities)).toBeGreaterThan(0);
  await window.getByRole('button', { name: 'The file’s window' }).click();
  const back = await widgetResult<InsideCnnResult>(page, CNN, /"scan":"file:mono1\.dcm@2048,4096"/);
  expect(worst(back.probabilities, mono.probabilities)).toBeLessThan(1e-6);

  const message = widget.locator('[data-role="scan-message"]');
  await choose(page, f.multiframe, 'multiframe.dcm');
  await expect(message).toHaveText('"multiframe.dcm" holds 2 frames; Lightbox shows the first.');
  await page.locator(`${CNN} [data-role="scan-file"]`).setInputFiles(f.rle);
  await expect(message).toContainText('"rle.dcm" is compressed with RLE Lossless');
  await expect(message).toContainText('uncompressed DICOM');
  await page.locator(`${CNN} [data-role="scan-file"]`).setInputFiles({
    name: 'drawing.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    ),
  });
  await expect(message).toContainText('"drawing.svg" is an SVG drawing');
  await expect(message).not.toContainText('could not be decoded');
  // Refused files leave the last good choice in place; a gallery scan hides the window control.
  expect((await publishedResult<InsideCnnResult>(widget)).scan).toBe('file:multiframe.dcm');
  await widget.getByRole('combobox', { name: 'Scan' }).selectOption(scan.id);
  await widgetResult<InsideCnnResult>(page, CNN, new RegExp(`"scan":"${scan.id}"`));
  await expect(window).toBeHidden();
});

test('every image file input of every built page offers DICOM beside images', () => {
  const inputs = builtPages().flatMap((path) =>
    [...readFileSync(join(DIST, path, 'index.html'), 'utf8').matchAll(/<input[^>]*type="file"[^>]*>/g)]
      .map((match) => match[0])
      .filter((input) => !input.includes('data-role="import"'))
      .map((input) => ({ path, input })),
  );
  expect(inputs.length).toBeGreaterThan(0);
  for (const { path, input } of inputs) {
    expect(input, path).toMatch(/accept="[^"]*\.dcm[^"]*"/);
    expect(input, path).toMatch(/accept="[^"]*application\/dicom[^"]*"/);
  }
});
