/**
 * Shift experiment view: the controls, the shifted scan, the drift curve as an Observable Plot chart (drawn in the
 * page), its table, the yardstick note and the readout of the previewed shift. No tfjs, no fetching.
 */
import type * as PlotModule from '@observablehq/plot';
import type { Grid } from '../../lib/model/core/grid';
import type { DriftPoint } from '../../lib/model/lessons/shift';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import { drawMap } from '../../lib/view/heatmap';
import { MAX_SHIFT, type ShiftState } from './state';
import { STRINGS } from './strings';

export type Plot = typeof PlotModule;

/** The yardstick the curve is divided by: how far the scan is from other patients' scans (median over `n`). */
export interface Yardstick {
  early: number;
  last: number;
  pooled: number;
  n: number;
}

/** The three measures, in the order the legend, chart and table show them. */
const MEASURES = ['early', 'last', 'pooled'] as const;
type Measure = (typeof MEASURES)[number];
type Row = { shift: number } & Record<Measure, number>;

/** Colour and dot shape per line: shapes as well as colours, so the lines part without colour vision. */
const LINE_STYLE: Record<Measure, { stroke: string; symbol: string }> = {
  early: { stroke: 'var(--chart-a, #3b6ea8)', symbol: 'circle' },
  last: { stroke: 'var(--chart-c, #7a4d9c)', symbol: 'square' },
  pooled: { stroke: 'var(--chart-b, #93561f)', symbol: 'triangle' },
};

const OWNER = 'shift experiment';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

/** The shifted scans are drawn on the network's grey scale, 0 (black) to 255 (white). */
const PIXEL_RANGE = { min: 0, max: 255 };

/** The plotted values: each layer's change divided by that layer's yardstick (or bare, without one). */
export function scaled(points: readonly DriftPoint[], yard: Yardstick | null): Row[] {
  const by = (p: DriftPoint, key: Measure): number => (yard && yard[key] > 0 ? p[key] / yard[key] : p[key]);
  return points.map((p) => ({ shift: p.shift, early: by(p, 'early'), last: by(p, 'last'), pooled: by(p, 'pooled') }));
}

/** Selects the option holding `value` (what `select.value = value` does). */
function choose(select: HTMLSelectElement, value: string): void {
  for (const option of select.querySelectorAll('option')) option.selected = option.value === value;
}

export function showControls(root: HTMLElement, state: ShiftState): void {
  choose(part<HTMLSelectElement>(root, 'direction'), state.direction);
  choose(part<HTMLSelectElement>(root, 'fill'), state.fill);
  part<HTMLInputElement>(root, 'at').value = String(state.at);
  part(root, 'at-out').textContent = STRINGS.at(state.at);
}

/** The scan shifted by the previewed amount, as the network receives it (null: not computed yet for this view). */
export function drawFrame(root: HTMLElement, frame: Grid | null, state: ShiftState): void {
  const canvas = part<HTMLCanvasElement>(root, 'preview');
  if (!frame) return;
  drawMap(canvas, frame, 'gray', PIXEL_RANGE);
  canvas.setAttribute('aria-label', STRINGS.previewAria(state.at, state.direction));
}

/** The legend's names of the two layers compared, with their output shapes ([batch, h, w, c]). */
export function nameLayers(
  root: HTMLElement,
  early: { name: string; shape: readonly (number | null)[] },
  pooled: { name: string; shape: readonly (number | null)[] },
): void {
  part(root, 'early-name').textContent = STRINGS.earlyName(early.name, early.shape);
  part(root, 'last-name').textContent = STRINGS.lastName(pooled.name, pooled.shape);
  part(root, 'pooled-name').textContent = STRINGS.pooledName(pooled.name, pooled.shape);
}

export function showYardstick(root: HTMLElement, yard: Yardstick | null): void {
  part(root, 'yardstick').textContent = yard ? STRINGS.yardstickNote(yard) : STRINGS.noYardstick;
}

export function drawChart(
  Plot: Plot,
  root: HTMLElement,
  points: readonly DriftPoint[],
  yard: Yardstick | null,
  at: number,
): void {
  const container = part(root, 'plot');
  const rows = scaled(points, yard);
  const top = Math.max(yard ? 1.2 : 0.3, ...rows.flatMap((r) => MEASURES.map((key) => r[key]))) * 1.05;
  const width = Math.max(260, Math.min(640, container.clientWidth || 480));
  const line = (key: Measure): PlotModule.Markish[] => [
    Plot.lineY(rows, { x: 'shift', y: key, stroke: LINE_STYLE[key].stroke, strokeWidth: 2.5 }),
    Plot.dot(rows, { x: 'shift', y: key, fill: LINE_STYLE[key].stroke, symbol: LINE_STYLE[key].symbol, r: 3.5 }),
  ];
  const chart = Plot.plot({
    document: container.ownerDocument,
    width,
    height: Math.round(Math.min(320, Math.max(200, width * 0.55))),
    marginLeft: 44,
    marginBottom: 40,
    ariaLabel: STRINGS.plotAria,
    ariaDescription: STRINGS.plotDescription(rows),
    style: { fontFamily: 'var(--font-ui)', fontSize: '12px', background: 'transparent', color: 'currentColor' },
    x: { domain: [0, MAX_SHIFT], label: STRINGS.xLabel, labelAnchor: 'center', labelArrow: 'none', ticks: 8 },
    y: { domain: [0, top], label: yard ? STRINGS.yLabel : STRINGS.yLabelRaw, labelArrow: 'none', grid: true, ticks: 5 },
    marks: [
      ...(yard ? [Plot.ruleY([1], { strokeDasharray: '5 4', stroke: 'currentColor', strokeOpacity: 0.7 })] : []),
      Plot.ruleX([at], { stroke: 'currentColor', strokeOpacity: 0.18, strokeWidth: 8 }),
      ...MEASURES.flatMap(line),
      Plot.ruleY([0]),
    ],
  });
  labelPlotGroups(chart);
  container.replaceChildren(chart);
}

export function fillTable(root: HTMLElement, points: readonly DriftPoint[], yard: Yardstick | null): void {
  const body = part(root, 'rows');
  const doc = root.ownerDocument;
  const rows = scaled(points, yard);
  body.replaceChildren(
    ...points.map((p, i) => {
      const tr = doc.createElement('tr');
      const r = rows[i] as Row;
      const cells = [
        String(p.shift),
        ...MEASURES.flatMap((key) => [STRINGS.fmt(p[key]), yard ? STRINGS.fmt(r[key]) : '—']),
      ];
      tr.append(
        ...cells.map((text) => {
          const td = doc.createElement('td');
          td.textContent = text;
          return td;
        }),
      );
      return tr;
    }),
  );
}

/** What the curve says at the previewed shift (empty until that shift is measured). */
export function showReadout(
  root: HTMLElement,
  points: readonly DriftPoint[],
  yard: Yardstick | null,
  state: ShiftState,
): void {
  const point = points[state.at];
  const readout = part(root, 'readout');
  if (!point) {
    readout.textContent = '';
    return;
  }
  const ratio = scaled([point], yard)[0];
  readout.textContent = STRINGS.readout(point.shift, state.direction, point, yard && ratio ? ratio : null);
}
