/** Loss widget view: the readouts, the gradient bars and the −log p curve. No tfjs, no fetching. */
import type * as PlotModule from '@observablehq/plot';
import type { LossReading } from '../../lib/model/lessons/loss';
import { lossCurve } from '../../lib/model/lessons/loss';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import type { LossState } from './state';
import { STRINGS } from './strings';

const OWNER = 'loss widget';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

export function showControls(root: HTMLElement, state: LossState): void {
  part<HTMLInputElement>(root, 'p').value = String(state.p);
  part(root, 'p-out').textContent = STRINGS.probability(state.p);
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="label"]'))
    radio.checked = Number(radio.value) === state.label;
}

export function showReading(root: HTMLElement, state: LossState, reading: LossReading): void {
  part(root, 'loss').textContent = STRINGS.loss(state.label, reading.probabilities[state.label]!, reading.loss);
  part(root, 'gradients').replaceChildren(
    ...reading.gradient.map((g, k) => {
      const li = root.ownerDocument.createElement('li');
      li.textContent = STRINGS.gradient(k, reading.probabilities[k]!, k === state.label ? 1 : 0, g);
      return li;
    }),
  );
}

export function showCurve(Plot: typeof PlotModule, root: HTMLElement, state: LossState, reading: LossReading): void {
  const py = reading.probabilities[state.label]!;
  const svg = Plot.plot({
    width: 340,
    height: 200,
    style: { background: 'transparent', color: 'currentColor' },
    x: { label: 'p of the true class', domain: [0, 1], grid: true },
    y: { label: 'loss −log p', domain: [0, 7], grid: true },
    marks: [
      Plot.line(lossCurve(0.001, 200), {
        x: 'q',
        y: 'loss',
        stroke: 'var(--chart-a, #1f77b4)',
        strokeWidth: 2,
        clip: true,
      }),
      Plot.dot([{ q: py, loss: reading.loss }], { x: 'q', y: 'loss', r: 5, fill: 'var(--chart-b, #d62728)' }),
    ],
  }) as unknown as SVGElement;
  labelPlotGroups(svg);
  part(root, 'chart').replaceChildren(svg);
}
