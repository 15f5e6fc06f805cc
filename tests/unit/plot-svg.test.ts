import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { countRows, total } from '../../src/lib/dataset-counts';
import { plotToSvg, PlotOptionsError } from '../../src/lib/plot-svg';

const bars = (): Plot.PlotOptions => ({
  ariaLabel: 'Two bars',
  marks: [
    Plot.barX(
      [
        { label: 'a', n: 1 },
        { label: 'b', n: 2 },
      ],
      { x: 'n', y: 'label' },
    ),
  ],
});

describe('plotToSvg', () => {
  it('renders an accessible SVG without scripts, the same every time', () => {
    const svg = plotToSvg(bars());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Two bars"');
    expect(svg).not.toContain('<script');
    expect(plotToSvg(bars())).toBe(svg);
  });

  it('requires an accessible name', () => {
    expect(() => plotToSvg({ marks: [] })).toThrow(
      new PlotOptionsError('A chart needs an ariaLabel (its accessible name).'),
    );
  });

  it('refuses Plot titles and legends, which would come out as HTML', () => {
    expect(() => plotToSvg({ ...bars(), title: 'T' })).toThrow(PlotOptionsError);
    expect(() =>
      plotToSvg({ ...bars(), color: { legend: true }, marks: [Plot.barX([{ k: 'a', n: 1 }], { x: 'n', fill: 'k' })] }),
    ).toThrow('Plot made an HTML figure (a legend?); draw the legend in the caption instead.');
  });
});

describe('countRows', () => {
  const counts = { train: { NORMAL: 3, PNEUMONIA: 5 }, test: { NORMAL: 1, PNEUMONIA: 2 } };

  it('flattens splits into rows, train first, and totals them', () => {
    expect(countRows(counts)[0]).toEqual({ split: 'train', label: 'NORMAL', count: 3 });
    expect(countRows(counts)).toHaveLength(4);
    expect(total(counts)).toBe(11);
  });

  it('rejects a count that is not a whole number', () => {
    expect(() => countRows({ train: { A: 1.5 }, test: {} })).toThrow('Count for train/A is not a count: 1.5.');
  });
});
