/** ROC explorer view: the curve (Observable Plot, drawn once per head) with a moving point, the confusion, the rates. */
import type * as PlotModule from '@observablehq/plot';
import type { Estimate } from '../../lib/model/evaluation/metrics';
import type { Counts, Rates } from '../../lib/model/evaluation/operating';
import type { BinaryJudging } from '../../lib/model/evaluation/judging';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import type { Cell } from './state';
import { STRINGS, auc, estimate } from './strings';

type Plot = typeof PlotModule;
const OWNER = 'ROC explorer';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);
const SVG = 'http://www.w3.org/2000/svg';

/** The drawn chart and how to place a point on it. */
export interface RocChart {
  svg: SVGSVGElement;
  place(fpr: number, tpr: number): { x: number; y: number };
  /** The inverse, for pointer drags: chart pixels → (fpr, tpr). */
  invert(x: number, y: number): { fpr: number; tpr: number };
}

/** The curve, the chance diagonal, and the two operating points for Kermany's sensitivity. */
function rocMarks(Plot: Plot, j: BinaryJudging): PlotModule.Markish[] {
  const marks: PlotModule.Markish[] = [
    Plot.line(
      [
        { fpr: 0, tpr: 0 },
        { fpr: 1, tpr: 1 },
      ],
      { x: 'fpr', y: 'tpr', stroke: 'currentColor', strokeOpacity: 0.3, strokeDasharray: '4 3' },
    ),
    Plot.line(j.curve, { x: 'fpr', y: 'tpr', stroke: 'var(--chart-a)', strokeWidth: 2, curve: 'step-after' }),
  ];
  if (j.honest)
    marks.push(
      Plot.dot([{ fpr: 1 - j.honest.test.specificity.value, tpr: j.honest.test.sensitivity.value }], {
        x: 'fpr',
        y: 'tpr',
        symbol: 'square',
        r: 5,
        stroke: 'var(--chart-b)',
        strokeWidth: 2,
      }),
    );
  if (j.optimistic)
    marks.push(
      Plot.dot([{ fpr: 1 - j.optimistic.specificity.value, tpr: j.optimistic.sensitivity.value }], {
        x: 'fpr',
        y: 'tpr',
        symbol: 'triangle',
        r: 5,
        stroke: 'currentColor',
        strokeWidth: 1.5,
      }),
    );
  return marks;
}

export function drawRoc(Plot: Plot, root: HTMLElement, j: BinaryJudging, taskTitle: string): RocChart {
  const marks = rocMarks(Plot, j);
  const svg = Plot.plot({
    document: root.ownerDocument,
    width: 340,
    height: 320,
    marginLeft: 46,
    marginBottom: 40,
    style: { background: 'transparent', fontSize: '11px' },
    x: {
      label: 'False-positive rate (1 − specificity)',
      domain: [0, 1],
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { label: 'True-positive rate (sensitivity)', domain: [0, 1], grid: true, labelArrow: 'none' },
    marks,
  }) as unknown as SVGSVGElement & { scale(name: 'x' | 'y'): { apply(v: number): number; invert?(v: number): number } };
  labelPlotGroups(svg);
  const dot = root.ownerDocument.createElementNS(SVG, 'circle');
  dot.setAttribute('r', '6');
  dot.setAttribute('fill', 'var(--chart-a)');
  dot.setAttribute('stroke', 'var(--bg, #fff)');
  dot.setAttribute('stroke-width', '2');
  dot.dataset.role = 'roc-point';
  svg.append(dot);
  const x = svg.scale('x');
  const y = svg.scale('y');
  part(root, 'chart').replaceChildren(svg);
  part(root, 'chart').dataset.task = taskTitle;
  return {
    svg,
    place: (fpr, tpr) => ({ x: x.apply(fpr), y: y.apply(tpr) }),
    invert: (px, py) => ({ fpr: x.invert?.(px) ?? 0, tpr: y.invert?.(py) ?? 0 }),
  };
}

/** Moves the point and rewrites the chart's accessible name. */
export function movePoint(root: HTMLElement, chart: RocChart, counts: Counts, label: string): void {
  const fpr = counts.fp + counts.tn ? counts.fp / (counts.fp + counts.tn) : 0;
  const tpr = counts.tp + counts.fn ? counts.tp / (counts.tp + counts.fn) : 0;
  const { x, y } = chart.place(fpr, tpr);
  const dot = chart.svg.querySelector('[data-role="roc-point"]');
  dot?.setAttribute('cx', String(x));
  dot?.setAttribute('cy', String(y));
  part(root, 'chart').setAttribute('aria-label', label);
}

const CELL_ORDER = ['tp', 'fn', 'fp', 'tn'] as const;

export function showConfusion(root: HTMLElement, counts: Counts, open: Cell): void {
  for (const cell of CELL_ORDER) {
    const button = part<HTMLButtonElement>(root, `cell-${cell}`);
    button.textContent = String(counts[cell]);
    button.setAttribute('aria-label', STRINGS.cellButton(cell, counts[cell]));
    button.setAttribute('aria-pressed', String(open === cell));
  }
}

export function showRates(root: HTMLElement, rates: Rates, aucEstimate: Estimate): void {
  const rows: [string, string][] = [
    ['sensitivity', estimate(rates.sensitivity)],
    ['specificity', estimate(rates.specificity)],
    ['ppv', estimate(rates.ppv)],
    ['npv', estimate(rates.npv)],
    ['accuracy', estimate(rates.accuracy)],
    ['auc', auc(aucEstimate)],
  ];
  for (const [role, value] of rows) part(root, role).textContent = value;
}

export function showThreshold(root: HTMLElement, threshold: number, text: string): void {
  const input = part<HTMLInputElement>(root, 'threshold');
  if (Number(input.value) !== threshold) input.value = String(threshold);
  part(root, 'threshold-out').textContent = text;
}
