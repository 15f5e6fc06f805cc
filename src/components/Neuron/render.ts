/** Neuron state and output → the widget's DOM: slider read-outs, formula placeholders, diagram, activation plot. */
import type * as PlotModule from '@observablehq/plot';
import type { Curve, NeuronOutput } from '../../lib/model/lessons/neuron';
import { labelPlotGroups } from '../../lib/plot-a11y';
import { part as partOf, text as textOf } from '../../lib/view/dom';
import type { NeuronState } from './state';
import { STRINGS, formatFactor, formatValue } from './strings';

type Plot = typeof PlotModule;

const OWNER = 'neuron widget';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);
const text = (root: ParentNode, role: string, value: string): void => textOf(root, role, value, OWNER);

/** Slider positions, the activation choice and the read-outs (at start, after a reset, from the URL). */
export function showControls(root: HTMLElement, state: NeuronState): void {
  root.querySelectorAll<HTMLInputElement>('input[data-role="x"], input[data-role="w"]').forEach((input) => {
    const index = Number(input.dataset.index);
    const values = input.dataset.role === 'x' ? state.inputs : state.weights;
    input.value = String(values[index] ?? input.value);
  });
  part<HTMLInputElement>(root, 'b').value = String(state.bias);
  root.querySelectorAll<HTMLInputElement>('input[data-role="activation"]').forEach((radio) => {
    radio.checked = radio.value === state.activation;
  });
  showReadouts(root, state);
}

/** The numbers beside the sliders. */
export function showReadouts(root: HTMLElement, state: NeuronState): void {
  state.inputs.forEach((v, i) => text(root, `x-value-${i}`, formatValue(v)));
  state.weights.forEach((v, i) => text(root, `w-value-${i}`, formatValue(v)));
  text(root, 'b-value', formatValue(state.bias));
}

/** The formula's live numbers, the diagram's labels and line widths, and the formula as plain text. */
export function showNeuron(root: HTMLElement, state: NeuronState, out: NeuronOutput): void {
  const f = STRINGS.activationName[state.activation];
  const z = formatValue(out.z);
  const y = formatValue(out.y);
  state.inputs.forEach((x, i) => {
    const w = state.weights[i] ?? 0;
    text(root, `tex-x${i}`, formatFactor(x));
    text(root, `tex-w${i}`, formatFactor(w));
    text(root, `node-x-${i}`, formatValue(x));
    text(root, `edge-label-${i}`, formatValue(w));
    const edge = part<SVGLineElement>(root, `edge-${i}`);
    edge.style.strokeWidth = String(0.5 + 2.5 * Math.abs(w));
    edge.dataset.sign = w < 0 ? 'negative' : 'positive';
  });
  text(root, 'tex-b', formatFactor(state.bias));
  text(root, 'tex-z', z);
  text(root, 'tex-z2', z);
  text(root, 'tex-f', f);
  text(root, 'tex-y', y);
  text(root, 'bias-label', STRINGS.biasLabel(formatValue(state.bias)));
  text(root, 'node-f', f);
  text(root, 'node-y', y);
  const terms = state.inputs.map((x, i) => `${formatFactor(state.weights[i] ?? 0)} × ${formatFactor(x)}`).join(' + ');
  text(
    root,
    'formula-text',
    STRINGS.formulaText(terms, formatFactor(state.bias), z, STRINGS.activationLong[state.activation], y),
  );
}

/** The activation curve with the neuron's current point; returns the figure it placed. */
export function showPlot(
  Plot: Plot,
  root: HTMLElement,
  curve: Curve,
  state: NeuronState,
  out: NeuronOutput,
): ReturnType<Plot['plot']> {
  const points = Array.from(curve.z, (z, i) => ({ z, y: curve.y[i] ?? 0 }));
  const f = STRINGS.activationName[state.activation];
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 320,
    height: 210,
    marginLeft: 42,
    marginBottom: 36,
    ariaLabel: STRINGS.plotLabel(STRINGS.activationLong[state.activation], formatValue(out.z), formatValue(out.y)),
    style: { background: 'transparent', fontSize: '11px' },
    x: { label: STRINGS.plotX, labelAnchor: 'center', labelArrow: 'none' },
    y: { label: STRINGS.plotY(f), grid: true, labelArrow: 'none' },
    marks: [
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.3 }),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.3 }),
      Plot.line(points, { x: 'z', y: 'y', stroke: 'var(--chart-a)', strokeWidth: 2 }),
      Plot.ruleX([out.z], { y1: 0, y2: out.y, stroke: 'var(--chart-b)', strokeDasharray: '3,3' }),
      Plot.dot([{ z: out.z, y: out.y }], { x: 'z', y: 'y', r: 5, fill: 'var(--chart-b)', stroke: 'var(--bg)' }),
    ],
  });
  labelPlotGroups(chart);
  part(root, 'plot').replaceChildren(chart);
  return chart;
}
