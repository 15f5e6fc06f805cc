/** Shift experiment view: the drift curve as an Observable Plot chart (drawn in the page), its table, the readout. */
import type * as PlotModule from '@observablehq/plot';
import type { DriftPoint } from '../../lib/model/lessons/shift';
import { MAX_SHIFT } from './state';
import { STRINGS } from './strings';

export type Plot = typeof PlotModule;

/** The yardstick the curve is divided by, or null (no other scans: the bare relative change is shown). */
export interface Yardstick {
  early: number;
  pooled: number;
  n: number;
}

interface Row {
  shift: number;
  early: number;
  pooled: number;
}

export function part<T extends HTMLElement>(root: HTMLElement, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`The shift experiment's markup lacks data-role="${role}".`);
  return element;
}

/** The plotted values: each layer's change divided by that layer's yardstick (or bare, without one). */
export function scaled(points: readonly DriftPoint[], yard: Yardstick | null): Row[] {
  return points.map((p) => ({
    shift: p.shift,
    early: yard && yard.early > 0 ? p.early / yard.early : p.early,
    pooled: yard && yard.pooled > 0 ? p.pooled / yard.pooled : p.pooled,
  }));
}

export function drawChart(
  Plot: Plot,
  container: HTMLElement,
  points: readonly DriftPoint[],
  yard: Yardstick | null,
  at: number,
): void {
  const rows = scaled(points, yard);
  const top = Math.max(yard ? 1.2 : 0.3, ...rows.flatMap((r) => [r.early, r.pooled])) * 1.05;
  const width = Math.max(260, Math.min(640, container.clientWidth || 480));
  const line = (key: 'early' | 'pooled', colour: string) => [
    Plot.lineY(rows, { x: 'shift', y: key, stroke: colour, strokeWidth: 2.5 }),
    Plot.dot(rows, { x: 'shift', y: key, fill: colour, r: 3 }),
  ];
  const chart = Plot.plot({
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
      ...line('early', 'var(--chart-a, #3b6ea8)'),
      ...line('pooled', 'var(--chart-b, #c7742a)'),
      Plot.ruleY([0]),
    ],
  });
  container.replaceChildren(chart);
}

export function fillTable(body: HTMLElement, points: readonly DriftPoint[], yard: Yardstick | null): void {
  const rows = scaled(points, yard);
  body.replaceChildren(
    ...points.map((p, i) => {
      const tr = document.createElement('tr');
      const r = rows[i] as Row;
      const cells = [
        String(p.shift),
        STRINGS.fmt(p.early),
        yard ? STRINGS.fmt(r.early) : '—',
        STRINGS.fmt(p.pooled),
        yard ? STRINGS.fmt(r.pooled) : '—',
      ];
      tr.append(
        ...cells.map((text) => {
          const td = document.createElement('td');
          td.textContent = text;
          return td;
        }),
      );
      return tr;
    }),
  );
}
