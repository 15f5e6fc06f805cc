/**
 * The shift experiment's renderer in Node (linkedom): controls, the preview frame, layer names, the yardstick note,
 * the Observable Plot chart (its SVG marks), the table and the readout, from a fixed three-point curve. The preview
 * canvas is not drawn (linkedom has no 2D context); its size and accessible name are checked.
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, test } from 'vitest';
import {
  drawChart,
  drawFrame,
  fillTable,
  nameLayers,
  scaled,
  showControls,
  showReadout,
  showYardstick,
} from '../../src/components/ShiftExperiment/render';
import { DEFAULT_SHIFT } from '../../src/components/ShiftExperiment/state';
import { mount } from './dom-stub';

const MARKUP = `
  <select data-role="direction"><option value="right" selected>Right</option><option value="down">Down</option></select>
  <select data-role="fill"><option value="edge" selected>Edge</option><option value="zero">Black</option></select>
  <input type="range" min="0" max="16" value="4" data-role="at" /><output data-role="at-out">4 px</output>
  <canvas data-role="preview" role="img" aria-label="The shifted scan"></canvas>
  <span data-role="early-name"></span><span data-role="last-name"></span><span data-role="pooled-name"></span>
  <div data-role="plot"><p>The chart appears here as the network runs.</p></div>
  <p data-role="readout"></p><p data-role="yardstick"></p>
  <table><tbody data-role="rows"></tbody></table>`;

const POINTS = [
  { shift: 0, early: 0, last: 0, pooled: 0 },
  { shift: 1, early: 0.2, last: 0.15, pooled: 0.05 },
  { shift: 2, early: 0.3, last: 0.3, pooled: 0.1 },
];
const YARD = { early: 0.4, last: 0.6, pooled: 0.2, n: 4 };

describe('shift experiment renderer', () => {
  test('the curve is divided by the yardstick, layer by layer (bare without one)', () => {
    const round = (v: number): number => Number(v.toFixed(9));
    expect(scaled(POINTS, YARD).map((r) => [round(r.early), round(r.last), round(r.pooled)])).toEqual([
      [0, 0, 0],
      [0.5, 0.25, 0.25],
      [0.75, 0.5, 0.5],
    ]);
    expect(scaled(POINTS, null)[2]).toEqual(POINTS[2]);
  });

  test('controls, preview frame, layer names and yardstick note', () => {
    const root = mount(MARKUP);
    showControls(root, { direction: 'down', fill: 'zero', at: 7 });
    const value = (role: string) => (root.querySelector(`[data-role="${role}"]`) as HTMLInputElement).value;
    expect([value('direction'), value('fill'), value('at')]).toEqual(['down', 'zero', '7']);
    expect(root.querySelector('[data-role="at-out"]')?.textContent).toBe('7 px');
    const canvas = root.querySelector('[data-role="preview"]') as HTMLCanvasElement;
    drawFrame(root, null, DEFAULT_SHIFT);
    expect(canvas.getAttribute('aria-label')).toBe('The shifted scan');
    drawFrame(root, { width: 3, height: 3, values: new Float32Array(9) }, { ...DEFAULT_SHIFT, at: 1 });
    expect([canvas.width, canvas.height]).toEqual([3, 3]);
    expect(canvas.getAttribute('aria-label')).toBe('The scan as the network receives it, shifted 1 px right');
    nameLayers(root, { name: 'conv_pw_1_relu', shape: [null, 112, 112, 16] }, { name: 'out', shape: [null, 7, 7, 8] });
    expect(root.querySelector('[data-role="early-name"]')?.textContent).toBe(
      'Early layer conv_pw_1_relu (112 × 112 × 16), compared cell by cell',
    );
    expect(root.querySelector('[data-role="pooled-name"]')?.textContent).toContain('out (7 × 7 × 8)');
    expect(root.querySelector('[data-role="pooled-name"]')?.textContent).toContain('to 8 numbers');
    expect(root.querySelector('[data-role="last-name"]')?.textContent).toContain(
      'out (7 × 7 × 8), compared cell by cell',
    );
    showYardstick(root, YARD);
    expect(root.querySelector('[data-role="yardstick"]')?.textContent).toContain(
      '40% at the early layer, 60% at the last map and 20%',
    );
    showYardstick(root, null);
    expect(root.querySelector('[data-role="yardstick"]')?.textContent).toContain('no other scans to compare with');
  });

  test('the chart: an accessible SVG with three lines, the previewed shift and the yardstick rule', () => {
    const root = mount(MARKUP);
    drawChart(Plot, root, POINTS, YARD, 1);
    const svg = root.querySelector('[data-role="plot"] > svg');
    expect(svg).not.toBeNull();
    expect(root.querySelector('[data-role="plot"] p')).toBeNull();
    expect(svg?.getAttribute('aria-label')).toBe(
      'How much the early layer, the last map before pooling and the pooled features change as the scan shifts 0 to 16 pixels',
    );
    expect(svg?.getAttribute('aria-description')).toBe(
      '0 px: early 0.00, last map 0.00, pooled 0.00; 1 px: early 0.50, last map 0.25, pooled 0.25; ' +
        '2 px: early 0.75, last map 0.50, pooled 0.50',
    );
    // One dot per shift and line; the three lines have three shapes (circle, square, triangle).
    const dots = [...(svg?.querySelectorAll('g[aria-label="dot"]') ?? [])];
    expect(dots.map((g) => g.children.length)).toEqual([3, 3, 3]);
    expect(dots.map((g) => g.firstElementChild?.tagName.toLowerCase())).toEqual(['circle', 'path', 'path']);
    // Plot's named groups get a role, so their names are valid ARIA (plot-a11y).
    expect(svg?.querySelectorAll('g[aria-label]').length).toBeGreaterThan(0);
    expect(svg?.querySelectorAll('g[aria-label]:not([role="group"])')).toHaveLength(0);
    expect(svg?.querySelectorAll('[stroke-dasharray="5 4"]').length).toBeGreaterThan(0);
    expect(svg?.textContent).toContain("change ÷ change to another patient's scan");
    drawChart(Plot, root, POINTS, null, 1);
    const bare = root.querySelector('[data-role="plot"] > svg');
    expect(bare?.querySelectorAll('[stroke-dasharray="5 4"]')).toHaveLength(0);
    expect(bare?.textContent).toContain('relative change');
  });

  test('the table of numbers and the readout of the previewed shift', () => {
    const root = mount(MARKUP);
    fillTable(root, POINTS, YARD);
    const rows = [...root.querySelectorAll('[data-role="rows"] tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows[1]).toEqual(['1', '0.20', '0.50', '0.15', '0.25', '0.05', '0.25']);
    fillTable(root, POINTS, null);
    expect(root.querySelectorAll('[data-role="rows"] tr')[2]?.textContent).toBe('20.30—0.30—0.10—');
    showReadout(root, POINTS, YARD, { ...DEFAULT_SHIFT, at: 1 });
    expect(root.querySelector('[data-role="readout"]')?.textContent).toBe(
      "Shifted 1 px right: the early map changed by 20% (0.50 of the gap to another patient's scan); the last map, " +
        'cell by cell, by 15% (0.25 of that gap); the pooled features by 5% (0.25 of that gap).',
    );
    showReadout(root, POINTS, YARD, { ...DEFAULT_SHIFT, at: 9 });
    expect(root.querySelector('[data-role="readout"]')?.textContent).toBe('');
  });
});
