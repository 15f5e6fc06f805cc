/**
 * The judging chapter's renderers on a server-side DOM: the ROC explorer draws its curve, places the moving point
 * where the counts say, labels each confusion cell with its count, and lists a cell's films (ids and scores, no
 * images when none are installed); the reliability diagram draws one bar per filled bin.
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, test } from 'vitest';
import { drawReliability } from '../../src/components/CalibrationCheck/render';
import { drawRoc, movePoint, showConfusion } from '../../src/components/RocThreshold/render';
import { cellRows, showScans } from '../../src/components/RocThreshold/scans';
import { reliabilityBins } from '../../src/lib/model/evaluation/calibration';
import { judgeAt, judgeBinary } from '../../src/lib/model/evaluation/judging';
import type { ScoreFile } from '../../src/lib/model/evaluation/scores';
import { mount } from './dom-stub';

const file = (scores: number[], truth: number[]): ScoreFile => ({
  task: 'cxr',
  classes: ['NORMAL', 'PNEUMONIA'],
  rows: scores.map((p, i) => ({ id: `cxr/test/X/f${i}.jpeg`, truth: truth[i] ?? 0, probabilities: [1 - p, p] })),
});
const test_ = file([0.9, 0.8, 0.4, 0.7, 0.3, 0.2], [1, 1, 1, 0, 0, 0]);
const j = judgeBinary(['NORMAL', 'PNEUMONIA'], ['PNEUMONIA'], test_, test_);

const ROC_MARKUP = `<div data-role="chart"></div>
  <button data-role="cell-tp"></button><button data-role="cell-fn"></button>
  <button data-role="cell-fp"></button><button data-role="cell-tn"></button>
  <section data-role="scans" hidden><h3 data-role="scans-heading"></h3><p data-role="scans-note"></p>
  <p data-role="scans-empty"></p><ul data-role="scan-list"></ul><button data-role="more"></button></section>`;

describe('ROC explorer render', () => {
  test('curve, point where the counts put it, cells labelled with their counts', () => {
    const root = mount(ROC_MARKUP);
    const chart = drawRoc(Plot, root, j, 'Chest X-ray');
    expect(root.querySelector('[data-role="chart"] svg')).not.toBeNull();
    const { counts } = judgeAt(j, 0.5);
    movePoint(root, chart, counts, 'label');
    const dot = root.querySelector('[data-role="roc-point"]')!;
    const expected = chart.place(1 / 3, 2 / 3);
    expect(Number(dot.getAttribute('cx'))).toBeCloseTo(expected.x, 6);
    expect(Number(dot.getAttribute('cy'))).toBeCloseTo(expected.y, 6);
    showConfusion(root, counts, 'fp');
    expect(root.querySelector('[data-role="cell-tp"]')?.textContent).toBe('2');
    expect(root.querySelector('[data-role="cell-fp"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(root.querySelector('[data-role="cell-fp"]')?.getAttribute('aria-label')).toMatch(/^1 false positives/);
  });

  test('a cell lists its films, most confidently wrong first; without scans, ids and scores only', () => {
    const root = mount(ROC_MARKUP);
    const rows = cellRows(j, 0.35, 'fp');
    expect(rows.map((r) => r.score)).toEqual([0.7, 0.3].filter((s) => s >= 0.35));
    const fn = cellRows(j, 0.85, 'fn');
    expect(fn.map((r) => r.score)).toEqual([0.4, 0.8]);
    const images = showScans(root, 'fn', fn, 12, {
      classes: test_.classes,
      positiveName: 'PNEUMONIA',
      index: { coverage: 'none', find: () => null },
      explainUrl: () => null,
    });
    expect(images).toBe(0);
    expect(root.querySelectorAll('[data-role="scan-list"] li')).toHaveLength(2);
    expect(root.querySelector('[data-role="scans-note"]')?.textContent).toMatch(/not installed/);
  });
});

test('reliability diagram: one bar per filled bin', () => {
  const root = mount('<div data-role="chart"></div>');
  const bins = reliabilityBins(
    [
      [0.05, 0.95],
      [0.35, 0.65],
      [0.45, 0.55],
    ],
    [1, 1, 0],
  );
  drawReliability(Plot, root, bins, 'label');
  expect(root.querySelectorAll('[data-role="chart"] svg rect').length).toBeGreaterThanOrEqual(3);
  expect(root.querySelector('[data-role="chart"]')?.getAttribute('aria-label')).toBe('label');
});
