/** Softmax state and numbers → the widget's DOM: slider read-outs, the step-by-step table, the bar chart, the loss. */
import type { SoftmaxSteps } from '../../lib/model/lessons/softmax';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part } from '../../lib/view/dom';
import { CLASSES, type SoftmaxState } from './state';
import { STRINGS } from './strings';

type Plot = typeof import('@observablehq/plot');

export function showControls(root: HTMLElement, state: SoftmaxState): void {
  state.scores.forEach((z, i) => {
    part<HTMLInputElement>(root, `z-${i}`).value = String(z);
    part(root, `z-value-${i}`).textContent = STRINGS.score(z);
  });
  part<HTMLInputElement>(root, 'temperature').value = String(state.temperature);
  part(root, 'temperature-value').textContent = STRINGS.score(state.temperature);
  part<HTMLSelectElement>(root, 'truth').value = state.truth;
}

/** The table: z, z / T, exp, p for each class, and the sum of the exponentials. */
export function showSteps(root: HTMLElement, state: SoftmaxState, steps: SoftmaxSteps): void {
  CLASSES.forEach((_, i) => {
    part(root, `row-z-${i}`).textContent = STRINGS.score(state.scores[i] ?? 0);
    part(root, `row-scaled-${i}`).textContent = STRINGS.scaled(steps.scaled[i] ?? 0);
    part(root, `row-exp-${i}`).textContent = STRINGS.exp(steps.exps[i] ?? 0);
    part(root, `row-p-${i}`).textContent = STRINGS.probability(steps.probabilities[i] ?? 0);
  });
  part(root, 'exp-sum').textContent = STRINGS.exp(steps.sum);
  part(root, 'p-sum').textContent = STRINGS.sum(steps.probabilities.reduce((a, b) => a + b, 0));
}

export function showLoss(root: HTMLElement, truth: string, p: number, loss: number): void {
  part(root, 'loss').textContent = STRINGS.loss(STRINGS.className(truth), p, loss);
}

export function showPlot(Plot: Plot, root: HTMLElement, probabilities: readonly number[], truth: string): void {
  const rows = CLASSES.map((name, i) => ({
    name: STRINGS.className(name),
    p: probabilities[i] ?? 0,
    truth: name === truth,
  }));
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 360,
    height: 40 + rows.length * 34,
    marginLeft: 64,
    marginRight: 48,
    ariaLabel: STRINGS.plotLabel(rows.map((r) => `${r.name} ${STRINGS.percent(r.p)}`).join(', ')),
    style: { background: 'transparent', fontSize: '12px' },
    x: { domain: [0, 1], label: STRINGS.plotX, grid: true, labelArrow: 'none' },
    y: { label: null, domain: rows.map((r) => r.name) },
    marks: [
      Plot.barX(rows, {
        x: 'p',
        y: 'name',
        fill: (r: { truth: boolean }) => (r.truth ? 'var(--chart-b)' : 'var(--chart-a)'),
      }),
      Plot.text(rows, {
        x: 'p',
        y: 'name',
        text: (r: { p: number }) => STRINGS.percent(r.p),
        dx: 4,
        textAnchor: 'start',
      }),
      Plot.ruleX([0]),
    ],
  });
  labelPlotGroups(chart);
  part(root, 'plot').replaceChildren(chart);
}
