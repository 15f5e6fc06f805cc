/** Sample-size explorer view: each metric's interval at n images against the whole split's (Plot), in one chart. */
import type * as PlotModule from '@observablehq/plot';
import type { MetricSet } from '../../lib/model/core/meta';
import type { Estimate } from '../../lib/model/evaluation/metrics';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import { STRINGS } from './strings';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'sample-size explorer');

type Key = keyof typeof STRINGS.metric;
export const KEYS: readonly Key[] = ['accuracy', 'sensitivity', 'specificity', 'auc'];

export function estimateOf(m: MetricSet, key: Key): Estimate | undefined {
  return key === 'auc' ? (m.auc ?? m.urgentAuc) : m[key];
}

export function drawIntervals(Plot: typeof PlotModule, root: HTMLElement, sub: MetricSet, full: MetricSet): void {
  const rows = KEYS.flatMap((key) => {
    const a = estimateOf(sub, key);
    const b = estimateOf(full, key);
    const name = STRINGS.metric[key];
    return [...(b ? [{ name, set: 'whole split', ...b }] : []), ...(a ? [{ name, set: 'subsample', ...a }] : [])];
  });
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 360,
    height: 230,
    marginLeft: 84,
    marginBottom: 36,
    style: { background: 'transparent', fontSize: '11px' },
    x: { domain: [0, 1], label: 'Value with its 95 % interval', grid: true, labelArrow: 'none' },
    y: { domain: KEYS.map((k) => STRINGS.metric[k]), label: null },
    fy: { axis: null },
    color: { domain: ['whole split', 'subsample'], range: ['#8889', 'var(--chart-a)'], legend: true },
    marks: [
      Plot.link(rows, {
        x1: 'low',
        x2: 'high',
        y1: 'name',
        y2: 'name',
        stroke: 'set',
        strokeWidth: (d: { set: string }) => (d.set === 'subsample' ? 3 : 9),
      }),
      Plot.dot(
        rows.filter((r) => r.set === 'subsample'),
        { x: 'value', y: 'name', fill: 'currentColor', r: 3 },
      ),
    ],
  });
  labelPlotGroups(chart);
  part(root, 'chart').replaceChildren(chart);
}
