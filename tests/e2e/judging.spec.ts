/**
 * The judging chapter on the real test scores: every number the ROC explorer shows at the shipped threshold equals
 * the evaluate CLI's figure in meta.json; moving the threshold (slider, drag, arrow keys) gives exactly the counts
 * Node recomputes from the same test-scores.json; a confusion cell opens its scans.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Estimate } from '../../src/lib/model/evaluation/metrics';
import { parseHeadMeta, type HeadMeta } from '../../src/lib/model/core/meta';
import { SITE_HEADS } from '../../src/node/paths';
import type { RocResult } from '../../src/components/RocThreshold/run';
import type { PrevalenceResult } from '../../src/components/PrevalenceExplorer/run';
import type { SampleResult } from '../../src/components/SampleSize/run';
import type { CalibrationResult } from '../../src/components/CalibrationCheck/run';
import type { CostResult } from '../../src/components/ErrorCosts/run';
import type { LimitedResult } from '../../src/components/LimitedData/run';
import type { LimitedPoint } from '../../src/lib/model/training/limited-data';
import { openWidget, publishedResult, widgetResult } from './chapter-reference';
import { expect, test } from './fixtures';
import { axeViolations, smallTargets } from './widget-a11y';

const CHAPTER = '/chapters/judging-a-model/?backend=wasm';
const SITE_FEATURES = join(SITE_HEADS, '../features/cxr');
const ROC = 'lb-roc-threshold';

interface Scores {
  rows: { id: string; truth: number; probabilities: number[] }[];
}
const meta = (task: string): HeadMeta =>
  parseHeadMeta(JSON.parse(readFileSync(join(SITE_HEADS, task, 'meta.json'), 'utf8')));
const scores = (task: string): Scores =>
  JSON.parse(readFileSync(join(SITE_HEADS, task, 'test-scores.json'), 'utf8')) as Scores;

/** The counts at a threshold, recomputed here from the score file with nothing of the site's code. */
function nodeCounts(task: string, threshold: number): { tp: number; fn: number; fp: number; tn: number } {
  const positive = meta(task).classes.indexOf(meta(task).positive[0] ?? '');
  const c = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (const row of scores(task).rows) {
    const called = (row.probabilities[positive] ?? 0) >= threshold;
    if (row.truth === positive) c[called ? 'tp' : 'fn']++;
    else c[called ? 'fp' : 'tn']++;
  }
  return c;
}

/** The model card's format: "86.9 % (84.0–89.3)". */
const percent = (e: Estimate | undefined): string =>
  e ? `${(e.value * 100).toFixed(1)} % (${(e.low * 100).toFixed(1)}–${(e.high * 100).toFixed(1)})` : '—';

async function rocAt(page: Page, threshold: number): Promise<RocResult> {
  const widget = page.locator(ROC);
  await widget.getByLabel('Threshold on p(positive class)').fill(String(threshold));
  await expect(widget).toHaveAttribute('data-result', new RegExp(`"threshold":${threshold}[,}]`));
  return publishedResult<RocResult>(widget);
}

test('the ROC explorer: meta.json’s figures at the shipped threshold, Node’s counts wherever it moves, scans per cell', async ({
  page,
}) => {
  const { result } = await openWidget<RocResult>(page, CHAPTER, ROC, /"task":"cxr"/);
  const m = meta('cxr');
  const t = m.metrics.test!;
  expect(result.threshold).toBe(m.threshold.value);
  const [[tn, fp], [fn, tp]] = t.confusion as [[number, number], [number, number]];
  expect(result.counts).toEqual({ tp, fn, fp, tn });
  expect(result.shown.sensitivity).toBe(percent(t.sensitivity));
  expect(result.shown.specificity).toBe(percent(t.specificity));
  expect(result.shown.accuracy).toBe(percent(t.accuracy));
  expect(result.shown.auc).toBe(`${t.auc!.value.toFixed(3)} (${t.auc!.low.toFixed(3)}–${t.auc!.high.toFixed(3)})`);
  expect(await axeViolations(page, ROC)).toEqual([]);
  expect(await smallTargets(page.locator(ROC))).toEqual([]);
  await cellOpensItsScans(page, result);
  await thresholdMoves(page);
});

/** Slider at five thresholds, a step along the curve by keyboard, a drag: each time, Node's counts. */
async function thresholdMoves(page: Page): Promise<void> {
  for (const threshold of [0.05, 0.3, 0.741, 0.9, 0.99]) {
    const result = await rocAt(page, threshold);
    expect(result.counts, `threshold ${threshold}`).toEqual(nodeCounts('cxr', threshold));
  }
  // Keyboard along the curve, and a drag on it: whatever threshold they land on, the counts are Node's.
  const chart = page.locator(ROC).locator('[data-role="chart"]');
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  const stepped = await publishedResult<RocResult>(page.locator(ROC));
  expect(stepped.counts).toEqual(nodeCounts('cxr', stepped.threshold));
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2, { steps: 4 });
  await page.mouse.up();
  await expect(page.locator(ROC)).not.toHaveAttribute('data-result', new RegExp(`"threshold":${stepped.threshold},`));
  const dragged = await publishedResult<RocResult>(page.locator(ROC));
  expect(dragged.counts).toEqual(nodeCounts('cxr', dragged.threshold));
}

/** The false-positive cell lists as many films as it counts, and shows the first page of them. */
async function cellOpensItsScans(page: Page, result: RocResult): Promise<void> {
  const widget = page.locator(ROC);
  await widget.locator('[data-role="cell-fp"]').click();
  await expect(widget).toHaveAttribute('data-result', /"cell":"fp"/);
  const opened = await publishedResult<RocResult>(widget);
  expect(opened.cellCount).toBe(result.counts.fp);
  const list = widget.locator('[data-role="scan-list"] li');
  await expect(list).toHaveCount(Math.min(12, result.counts.fp));
  if (opened.images > 0) {
    const first = list.first().locator('img');
    await expect(first).toHaveJSProperty('complete', true);
    expect(await first.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
  // Films the gallery also holds link to the explanations chapter, opened on that film.
  for (const href of await list.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    expect(href).toMatch(/\/chapters\/where-the-network-looked\/\?scan=[\w-]+$/);
  }
  await widget.locator('[data-role="cell-fp"]').click();
  await expect(widget).toHaveAttribute('data-result', /"cell":"none"/);
}

test('prevalence, intervals, calibration and costs show meta.json’s figures and Node’s recomputations', async ({
  page,
}) => {
  const m = meta('cxr');
  const t = m.metrics.test!;
  await page.goto(`${CHAPTER}&prev.prevalence=1&ci.n=100000&ci.task=cxr&cal.task=cxr`);
  await page.locator('lb-prevalence-explorer').scrollIntoViewIfNeeded();
  // Prevalence at the test set's own balance: PPV and NPV are the counted ones.
  const prev = await widgetResult<PrevalenceResult>(page, 'lb-prevalence-explorer', /"task":"cxr"/);
  const c = nodeCounts('cxr', m.threshold.value);
  expect(prev.sensitivity).toBe(percent(t.sensitivity));
  expect(prev.specificity).toBe(percent(t.specificity));
  expect(prev.prevalence).toBeCloseTo((c.tp + c.fn) / t.n, 12);
  expect(prev.ppv).toBeCloseTo(c.tp / (c.tp + c.fp), 12);
  expect(prev.npv).toBeCloseTo(c.tn / (c.tn + c.fn), 12);
  // The whole split in the sample-size explorer is meta.json's test metric set, interval for interval.
  await page.locator('lb-sample-size').scrollIntoViewIfNeeded();
  const sample = await widgetResult<SampleResult>(page, 'lb-sample-size', /"task":"cxr"/);
  expect(sample.n).toBe(t.n);
  expect(sample.metrics).toEqual(JSON.parse(JSON.stringify(t)) as unknown);
  await page.locator('lb-calibration-check').scrollIntoViewIfNeeded();
  const cal = await widgetResult<CalibrationResult>(page, 'lb-calibration-check', /"task":"cxr"/);
  expect(cal.ece).toBeCloseTo(nodeEce('cxr'), 12);
  await page.locator('lb-error-costs').scrollIntoViewIfNeeded();
  const costs = await widgetResult<CostResult>(page, 'lb-error-costs', /"weightedError"/);
  expect(costs.weightedError).toBeCloseTo(meta('oct').metrics.test!.weightedError!, 12);
  expect(costs.confusion).toEqual(meta('oct').metrics.test!.confusion);
  expect(costs.shipped).toMatchObject({ fn: c.fn, fp: c.fp });
  await limitedDataMatchesNode(page);
  for (const selector of [
    'lb-prevalence-explorer',
    'lb-sample-size',
    'lb-calibration-check',
    'lb-error-costs',
    'lb-limited-data',
  ]) {
    expect(await axeViolations(page, selector), selector).toEqual([]);
    expect(await smallTargets(page.locator(selector)), selector).toEqual([]);
  }
});

/** ECE of the test scores, ten equal bins of top-class confidence, computed here without the site's code. */
function nodeEce(task: string): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
  const rows = scores(task).rows;
  for (const row of rows) {
    const top = Math.max(...row.probabilities);
    const bin = bins[Math.min(9, Math.floor(top * 10))]!;
    bin.n++;
    bin.conf += top;
    if (row.probabilities.indexOf(top) === row.truth) bin.right++;
  }
  return bins.reduce((sum, b) => (b.n ? sum + (b.n / rows.length) * Math.abs(b.right / b.n - b.conf / b.n) : sum), 0);
}

/** The page's 9 × 5 limited-data curve on wasm equals the committed Node curve (npm run limited-data) within 0.5 points. */
async function limitedDataMatchesNode(page: Page): Promise<void> {
  const widget = page.locator('lb-limited-data');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await widget.getByRole('button', { name: /Run/ }).click();
  await expect(widget).toHaveAttribute('data-result', /"done":true/, { timeout: 80_000 });
  const page_ = await publishedResult<LimitedResult>(widget);
  const node = JSON.parse(readFileSync(join(SITE_FEATURES, 'limited-data.json'), 'utf8')) as { points: LimitedPoint[] };
  expect(page_.backend).toBe('wasm');
  expect(page_.points).toHaveLength(node.points.length);
  page_.points.forEach((p, i) => {
    const n = node.points[i]!;
    expect([p.perClass, p.seed, p.images]).toEqual([n.perClass, n.seed, n.images]);
    expect(Math.abs(p.accuracy - n.accuracy) * 100, `${p.perClass}/${p.seed}`).toBeLessThanOrEqual(0.5);
    expect(Math.abs(p.auc - n.auc) * 100, `${p.perClass}/${p.seed}`).toBeLessThanOrEqual(0.5);
  });
}
