/** Neuron state and output → the widget's DOM: slider read-outs, formula placeholders, diagram, activation plot. */
import type * as PlotModule from '@observablehq/plot';
import type { Curve, NeuronOutput } from '../../lib/model/lessons/neuron';
import type { NeuronState } from './state';
import { STRINGS, formatFactor, formatValue } from './strings';

type Plot = typeof PlotModule;

function setText(root: ParentNode, selector: string, text: string): void {
  root.querySelectorAll(selector).forEach((element) => {
    element.textContent = text;
  });
}

/** Slider positions and their read-outs (used at start, when the state came from the URL). */
export function showControls(root: HTMLElement, state: NeuronState): void {
  root.querySelectorAll<HTMLInputElement>('input[data-role="x"], input[data-role="w"]').forEach((input) => {
    const index = Number(input.dataset.index);
    const values = input.dataset.role === 'x' ? state.inputs : state.weights;
    input.value = String(values[index] ?? input.value);
  });
  const bias = root.querySelector<HTMLInputElement>('input[data-role="b"]');
  if (bias) bias.value = String(state.bias);
  root.querySelectorAll<HTMLInputElement>('input[type="radio"]').forEach((radio) => {
    radio.checked = radio.value === state.activation;
  });
  showReadouts(root, state);
}

export function showReadouts(root: HTMLElement, state: NeuronState): void {
  state.inputs.forEach((v, i) => setText(root, `output[data-role="x-value"][data-index="${i}"]`, formatValue(v)));
  state.weights.forEach((v, i) => setText(root, `output[data-role="w-value"][data-index="${i}"]`, formatValue(v)));
  setText(root, 'output[data-role="b-value"]', formatValue(state.bias));
}

export function showNeuron(root: HTMLElement, state: NeuronState, out: NeuronOutput): void {
  const f = STRINGS.activationName[state.activation];
  const z = formatValue(out.z);
  const y = formatValue(out.y);
  state.inputs.forEach((x, i) => {
    setText(root, `[data-role="tex-x${i}"]`, formatFactor(x));
    setText(root, `[data-role="tex-w${i}"]`, formatFactor(state.weights[i] ?? 0));
    setText(root, `[data-role="node-x"][data-index="${i}"]`, formatValue(x));
    setText(root, `[data-role="edge-label"][data-index="${i}"]`, formatValue(state.weights[i] ?? 0));
  });
  setText(root, '[data-role="tex-b"]', formatFactor(state.bias));
  setText(root, '[data-role="tex-z"]', z);
  setText(root, '[data-role="tex-z2"]', z);
  setText(root, '[data-role="tex-f"]', f);
  setText(root, '[data-role="tex-y"]', y);
  setText(root, '[data-role="bias-label"]', `b = ${formatValue(state.bias)}`);
  setText(root, '[data-role="node-f"]', f);
  setText(root, '[data-role="node-y"]', y);
  root.querySelectorAll<SVGLineElement>('line[data-role="edge"]').forEach((line) => {
    const w = state.weights[Number(line.dataset.index)] ?? 0;
    line.style.strokeWidth = String(0.5 + 2.5 * Math.abs(w));
    line.dataset.sign = w < 0 ? 'negative' : 'positive';
  });
  const terms = state.inputs.map((x, i) => `${formatFactor(state.weights[i] ?? 0)} × ${formatFactor(x)}`).join(' + ');
  setText(
    root,
    '[data-role="formula-text"]',
    STRINGS.formulaText(terms, formatFactor(state.bias), z, STRINGS.activationLong[state.activation], y),
  );
}

export function showPlot(Plot: Plot, root: HTMLElement, curve: Curve, state: NeuronState, out: NeuronOutput): void {
  const area = root.querySelector('[data-role="plot"]');
  if (!area) return;
  const points = Array.from(curve.z, (z, i) => ({ z, y: curve.y[i] ?? 0 }));
  const f = STRINGS.activationName[state.activation];
  const chart = Plot.plot({
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
  area.replaceChildren(chart);
}
