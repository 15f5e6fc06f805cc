import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { labelPlotGroups } from '../../src/lib/plot-a11y';
import { plotToSvg } from '../../src/lib/plot-svg';

/** A chart with marks and axes, drawn by Plot into a linkedom document as a page would draw it into its own. */
function liveChart(): { document: Document; svg: Element } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({
    document: document as unknown as Document,
    marks: [Plot.lineY([1, 3, 2]), Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' }), Plot.ruleY([0])],
  }) as Element;
  document.body.append(svg);
  return { document: document as unknown as Document, svg };
}

const unlabelled = (root: ParentNode): number => root.querySelectorAll('g[aria-label]:not([role])').length;

describe('labelPlotGroups', () => {
  it("gives each of Plot's aria-labelled <g> elements role=group, and nothing else a role", () => {
    const { svg } = liveChart();
    const labelled = svg.querySelectorAll('g[aria-label]').length;
    expect(labelled).toBeGreaterThanOrEqual(4); // two axes, the line, the dot, the rule
    expect(unlabelled(svg)).toBe(labelled);
    expect(labelPlotGroups(svg)).toBe(labelled);
    expect(unlabelled(svg)).toBe(0);
    expect(svg.querySelectorAll('[role="group"]')).toHaveLength(labelled);
    expect(svg.querySelectorAll('g:not([aria-label])[role]')).toHaveLength(0);
  });

  it('is idempotent and keeps a role set elsewhere', () => {
    const { svg } = liveChart();
    svg.querySelector('g[aria-label]')?.setAttribute('role', 'presentation');
    labelPlotGroups(svg);
    expect(labelPlotGroups(svg)).toBe(0);
    expect(svg.querySelectorAll('[role="presentation"]')).toHaveLength(1);
  });

  it('works on any container of charts, such as a whole document', () => {
    const { document } = liveChart();
    document.body.append(liveChart().svg);
    expect(labelPlotGroups(document)).toBeGreaterThanOrEqual(8);
    expect(unlabelled(document)).toBe(0);
  });

  it('is applied to every chart rendered at build time', () => {
    const svg = plotToSvg({ ariaLabel: 'A line', marks: [Plot.lineY([1, 3, 2]), Plot.ruleY([0])] });
    const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    expect(document.querySelectorAll('g[aria-label]').length).toBeGreaterThan(0);
    expect(unlabelled(document as unknown as Document)).toBe(0);
  });
});
