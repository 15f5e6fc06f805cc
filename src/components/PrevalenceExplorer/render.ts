/** Prevalence explorer view: PPV and NPV across prevalence (Plot, log x) with the current point, and the numbers. */
import type * as PlotModule from '@observablehq/plot';
import { predictiveValues } from '../../lib/model/evaluation/operating';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import { SCREENING } from './state';
import { STRINGS } from './strings';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'prevalence explorer');

export function drawCurves(
  Plot: typeof PlotModule,
  root: HTMLElement,
  sens: number,
  spec: number,
  top: number,
  at: number,
  title: string,
): void {
  const xs = Array.from({ length: 60 }, (_, i) => SCREENING * (top / SCREENING) ** (i / 59));
  const rows = xs.flatMap((p) => {
    const v = predictiveValues(sens, spec, p);
    return [
      { p, value: v.ppv, which: 'PPV' },
      { p, value: v.npv, which: 'NPV' },
    ];
  });
  const now = predictiveValues(sens, spec, at);
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 340,
    height: 220,
    marginLeft: 46,
    marginBottom: 40,
    style: { background: 'transparent', fontSize: '11px' },
    x: { type: 'log', label: 'Prevalence', domain: [SCREENING, top], tickFormat: '.0%', labelArrow: 'none' },
    y: { label: 'Predictive value', domain: [0, 1], grid: true, tickFormat: '.0%', labelArrow: 'none' },
    color: { domain: ['PPV', 'NPV'], range: ['var(--chart-a)', 'var(--chart-b)'], legend: true },
    marks: [
      Plot.line(rows, { x: 'p', y: 'value', stroke: 'which', strokeWidth: 2 }),
      Plot.ruleX([at], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.dot(
        [
          { p: at, value: now.ppv, which: 'PPV' },
          { p: at, value: now.npv, which: 'NPV' },
        ],
        { x: 'p', y: 'value', fill: 'which', r: 4 },
      ),
    ],
  });
  labelPlotGroups(chart);
  const area = part(root, 'chart');
  area.setAttribute('aria-label', STRINGS.chartLabel(title, at, now.ppv));
  area.replaceChildren(chart);
}
