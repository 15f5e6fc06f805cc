/** Limited-data view: the curve (Plot, log x) with ±1 sd bars and the reference lines, and the table of sizes. */
import type * as PlotModule from '@observablehq/plot';
import type { CurveSummary } from '../../lib/model/training/limited-data';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import type { Measure } from './state';
import { STRINGS } from './strings';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'limited-data experiment');

export interface Reference {
  name: string;
  value: number;
}

export function drawCurve(
  Plot: typeof PlotModule,
  root: HTMLElement,
  summary: readonly CurveSummary[],
  measure: Measure,
  references: readonly Reference[],
): void {
  const rows = summary.map((s) => ({ x: s.images, ...s[measure] }));
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 420,
    height: 260,
    marginLeft: 46,
    marginRight: 12,
    marginBottom: 40,
    style: { background: 'transparent', fontSize: '11px' },
    x: { type: 'log', label: STRINGS.axisX, labelArrow: 'none' },
    y: {
      label: measure === 'accuracy' ? 'Test accuracy' : 'Test AUC',
      grid: true,
      labelArrow: 'none',
      domain: [0.5, 1],
    },
    marks: [
      Plot.ruleY(references, { y: 'value', stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4 3' }),
      Plot.text(references, { y: 'value', text: 'name', frameAnchor: 'left', dy: -6, dx: 4, fontSize: 10 }),
      Plot.ruleX(rows, {
        x: 'x',
        y1: (d: { mean: number; sd: number }) => d.mean - d.sd,
        y2: (d: { mean: number; sd: number }) => d.mean + d.sd,
        stroke: 'var(--chart-a)',
      }),
      Plot.line(rows, { x: 'x', y: 'mean', stroke: 'var(--chart-a)', strokeWidth: 2 }),
      Plot.dot(rows, { x: 'x', y: 'mean', fill: 'var(--chart-a)', r: 3 }),
    ],
  });
  labelPlotGroups(chart);
  const area = part(root, 'chart');
  area.setAttribute('aria-label', STRINGS.chartLabel(measure === 'accuracy' ? 'accuracy' : 'AUC', summary.length));
  area.replaceChildren(chart);
}

export function fillTable(root: HTMLElement, summary: readonly CurveSummary[]): void {
  const doc = root.ownerDocument;
  part(root, 'table').replaceChildren(
    ...summary.map((s) => {
      const tr = doc.createElement('tr');
      const th = Object.assign(doc.createElement('th'), { scope: 'row', textContent: STRINGS.size(s.perClass) });
      const cells = [
        String(s.images),
        `${STRINGS.value('accuracy', s.accuracy.mean)} ± ${(s.accuracy.sd * 100).toFixed(1)}`,
        `${STRINGS.value('auc', s.auc.mean)} ± ${s.auc.sd.toFixed(3)}`,
      ].map((text) => Object.assign(doc.createElement('td'), { textContent: text }));
      tr.append(th, ...cells);
      return tr;
    }),
  );
}
