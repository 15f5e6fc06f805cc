/** Calibration check view: the reliability diagram (Plot) — accuracy per confidence bin against the diagonal. */
import type * as PlotModule from '@observablehq/plot';
import type { ReliabilityBin } from '../../lib/model/evaluation/calibration';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'calibration check');

export function drawReliability(
  Plot: typeof PlotModule,
  root: HTMLElement,
  bins: readonly ReliabilityBin[],
  label: string,
): void {
  const filled = bins.filter((b) => b.count > 0);
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 340,
    height: 300,
    marginLeft: 46,
    marginBottom: 40,
    style: { background: 'transparent', fontSize: '11px' },
    x: { domain: [0, 1], label: 'Confidence (top-class probability)', labelArrow: 'none' },
    y: { domain: [0, 1], label: 'Accuracy in the bin', grid: true, labelArrow: 'none' },
    marks: [
      Plot.rectY(filled, { x1: 'low', x2: 'high', y: 'accuracy', fill: 'var(--chart-a)', fillOpacity: 0.75, inset: 1 }),
      Plot.ruleY(filled, { x1: 'low', x2: 'high', y: 'confidence', stroke: 'var(--chart-b)', strokeWidth: 3 }),
      Plot.text(filled, {
        x: (b: ReliabilityBin) => (b.low + b.high) / 2,
        y: 'accuracy',
        text: (b: ReliabilityBin) => String(b.count),
        dy: -7,
        fontSize: 9,
      }),
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4 3' },
      ),
    ],
  });
  labelPlotGroups(chart);
  const area = part(root, 'chart');
  area.setAttribute('aria-label', label);
  area.replaceChildren(chart);
}
