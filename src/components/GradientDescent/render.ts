/** Gradient-descent view: state → controls, history → two Observable Plot charts and a readout. No tfjs, no fetching. */
import type * as PlotModule from '@observablehq/plot';
import type { DescentPoint } from '../../lib/model/training/descent';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf } from '../../lib/view/dom';
import type { DescentState } from './state';
import { STRINGS } from './strings';

type Plot = typeof PlotModule;
const OWNER = 'gradient-descent widget';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

export function showControls(root: HTMLElement, state: DescentState, trainCount: number | null): void {
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="optimiser"]'))
    radio.checked = radio.value === state.optimiser;
  for (const key of ['learningRate', 'batchSize', 'l2', 'seed'] as const)
    part<HTMLInputElement>(root, key).value = String(state[key]);
  const examples = part<HTMLInputElement>(root, 'examples');
  if (trainCount !== null) examples.max = String(trainCount);
  examples.value = String(trainCount === null ? state.examples : Math.min(state.examples, trainCount));
  part(root, 'summary').textContent = STRINGS.summary(
    state.optimiser,
    state.learningRate,
    state.batchSize,
    trainCount === null ? state.examples : Math.min(state.examples, trainCount),
    state.l2,
    state.seed,
  );
}

export function showButtons(root: HTMLElement, mode: { ready: boolean; playing: boolean; stopped: boolean }): void {
  const play = part<HTMLButtonElement>(root, 'play');
  play.disabled = !mode.ready || mode.stopped;
  play.textContent = mode.playing ? STRINGS.pause : STRINGS.play;
  play.setAttribute('aria-pressed', String(mode.playing));
  part<HTMLButtonElement>(root, 'step').disabled = !mode.ready || mode.playing || mode.stopped;
  part<HTMLButtonElement>(root, 'restart').disabled = !mode.ready;
}

export function showMessage(root: HTMLElement, role: 'input-note' | 'alert', text: string | null): void {
  const node = part(root, role);
  node.textContent = text ?? '';
  node.hidden = !text;
}

export function showReadout(root: HTMLElement, last: DescentPoint | undefined): void {
  part(root, 'readout').textContent = last
    ? STRINGS.point(last.epoch, last.trainLoss, last.validationLoss, last.validationAccuracy)
    : STRINGS.noPoints;
}

type Row = { epoch: number; value: number; series: string };

function rows(history: readonly DescentPoint[], keys: [keyof DescentPoint, string][]): Row[] {
  return history.flatMap((p) =>
    keys.filter(([k]) => Number.isFinite(p[k])).map(([k, series]) => ({ epoch: p.epoch, value: p[k], series })),
  );
}

function chart(Plot: Plot, data: Row[], y: PlotModule.ScaleOptions, extra: PlotModule.Markish[] = []): SVGElement {
  const svg = Plot.plot({
    width: 360,
    height: 210,
    marginLeft: 48,
    style: { background: 'transparent', color: 'currentColor' },
    x: { label: 'epoch', grid: true },
    y: { ...y, grid: true },
    color: {
      legend: true,
      domain: ['training', 'validation'],
      range: ['var(--chart-a, #1f77b4)', 'var(--chart-b, #d62728)'],
    },
    marks: [
      ...extra,
      Plot.line(
        data.filter((d) => d.series === 'training'),
        { x: 'epoch', y: 'value', stroke: 'series', strokeWidth: 2 },
      ),
      Plot.line(
        data.filter((d) => d.series === 'validation'),
        { x: 'epoch', y: 'value', stroke: 'series', strokeWidth: 2, strokeDasharray: '5,3' },
      ),
    ],
  }) as unknown as SVGElement;
  labelPlotGroups(svg);
  return svg;
}

/** Loss (log scale, where divergence and crawling both show) and accuracy with the always-“pneumonia” line. */
export function drawCharts(
  Plot: Plot,
  root: HTMLElement,
  history: readonly DescentPoint[],
  majority: number,
  which: 'loss' | 'accuracy' | 'both' = 'both',
): void {
  const losses = rows(history, [
    ['trainLoss', 'training'],
    ['validationLoss', 'validation'],
  ]).filter((r) => r.value > 0);
  const accuracy = rows(history, [
    ['trainAccuracy', 'training'],
    ['validationAccuracy', 'validation'],
  ]);
  if (which !== 'accuracy')
    part(root, 'loss-chart').replaceChildren(
      chart(Plot, losses, { type: 'log', label: 'loss (log scale)', tickFormat: '~g' }),
    );
  if (which === 'loss') return;
  part(root, 'accuracy-chart').replaceChildren(
    chart(Plot, accuracy, { domain: [0, 1], label: 'accuracy', tickFormat: '.0%' }, [
      Plot.ruleY([majority], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      Plot.text([majority], {
        y: (d: number) => d,
        x: 0,
        text: () => STRINGS.majority(majority),
        dy: -6,
        textAnchor: 'start',
        frameAnchor: 'left',
      }),
    ]),
  );
}
