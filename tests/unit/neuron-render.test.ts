/** The neuron widget's renderer on a server-side DOM (linkedom): fixed state and output in, text and marks out. */
import * as Plot from '@observablehq/plot';
import { describe, expect, test } from 'vitest';
import { showControls, showNeuron, showPlot, showReadouts } from '../../src/components/Neuron/render';
import { formulaHtml } from '../../src/components/Neuron/formula';
import { DEFAULT_STATE, type NeuronState } from '../../src/components/Neuron/state';
import { WidgetMarkupError } from '../../src/lib/view/dom';
import { mountElement } from './dom-stub';

const INPUTS = [0, 1, 2];

/** The parts of Neuron.astro the renderer writes to. */
function markup(): HTMLElement {
  const sliders = INPUTS.map(
    (i) =>
      `<input type="range" data-role="x" data-index="${i}"><output data-role="x-value-${i}"></output>` +
      `<input type="range" data-role="w" data-index="${i}"><output data-role="w-value-${i}"></output>`,
  ).join('');
  const radios = ['relu', 'sigmoid', 'tanh']
    .map((f) => `<input type="radio" name="neuron-1-activation" value="${f}" data-role="activation">`)
    .join('');
  const diagram = INPUTS.map(
    (i) =>
      `<line data-role="edge-${i}"></line><text data-role="node-x-${i}"></text>` +
      `<text data-role="edge-label-${i}"></text>`,
  ).join('');
  return mountElement(
    `<lb-neuron>${sliders}<input type="range" data-role="b">` +
      `<output data-role="b-value"></output>${radios}` +
      `<svg>${diagram}<text data-role="bias-label"></text><text data-role="node-f"></text>` +
      `<text data-role="node-y"></text></svg>` +
      `<div data-role="formula">${formulaHtml(3)}</div><p data-role="formula-text"></p>` +
      `<div data-role="plot"><p>fallback</p></div></lb-neuron>`,
    'lb-neuron',
  );
}

const STATE: NeuronState = { inputs: [1, -0.5, 0.25], weights: [2, 1.5, -0.4], bias: -0.3, activation: 'sigmoid' };
/** z = 2 − 0.75 − 0.1 − 0.3 = 0.85; σ(0.85) = 0.7006. */
const OUT = { terms: [2, -0.75, -0.1], z: 0.85, y: 1 / (1 + Math.exp(-0.85)) };

const roleText = (root: HTMLElement, role: string): string | null =>
  root.querySelector(`[data-role="${role}"]`)?.textContent ?? null;

describe('neuron renderer', () => {
  test('controls and read-outs show the state', () => {
    const root = markup();
    showControls(root, STATE);
    expect(root.querySelector<HTMLInputElement>('input[data-role="w"][data-index="1"]')?.value).toBe('1.5');
    expect(root.querySelector<HTMLInputElement>('input[data-role="b"]')?.value).toBe('-0.3');
    const checked = [...root.querySelectorAll<HTMLInputElement>('input[data-role="activation"]')].filter(
      (radio) => radio.checked,
    );
    expect(checked.map((radio) => radio.value)).toEqual(['sigmoid']);
    expect(roleText(root, 'x-value-1')).toBe('−0.50');
    expect(roleText(root, 'w-value-2')).toBe('−0.40');
    expect(roleText(root, 'b-value')).toBe('−0.30');
    showReadouts(root, DEFAULT_STATE);
    expect(roleText(root, 'x-value-0')).toBe('0.80');
  });

  test('the formula, the diagram and the plain-text formula carry the live numbers', () => {
    const root = markup();
    showNeuron(root, STATE, OUT);
    expect(roleText(root, 'tex-x1')).toBe('(−0.50)');
    expect(roleText(root, 'tex-w0')).toBe('2.00');
    expect(roleText(root, 'tex-b')).toBe('(−0.30)');
    expect(roleText(root, 'tex-z')).toBe('0.85');
    expect(roleText(root, 'tex-z2')).toBe('0.85');
    expect(roleText(root, 'tex-f')).toBe('σ');
    expect(roleText(root, 'tex-y')).toBe('0.70');
    expect(roleText(root, 'node-x-2')).toBe('0.25');
    expect(roleText(root, 'edge-label-2')).toBe('−0.40');
    expect(roleText(root, 'bias-label')).toBe('b = −0.30');
    expect(roleText(root, 'node-y')).toBe('0.70');
    expect(roleText(root, 'formula-text')).toBe(
      'z = 2.00 × 1.00 + 1.50 × (−0.50) + (−0.40) × 0.25 + (−0.30) = 0.85; y = sigmoid(0.85) = 0.70',
    );
    const edge = (i: number) => root.querySelector<SVGLineElement>(`[data-role="edge-${i}"]`);
    expect(edge(0)?.getAttribute('style')).toBe('stroke-width:5.5');
    expect(edge(2)?.dataset.sign).toBe('negative');
    expect(edge(1)?.dataset.sign).toBe('positive');
  });

  test('the activation plot: a named figure with the curve and the current point', () => {
    const root = markup();
    const z = Float32Array.from({ length: 17 }, (_, i) => i - 8);
    const curve = { z, y: z.map((v) => 1 / (1 + Math.exp(-v))) };
    showPlot(Plot, root, curve, STATE, OUT);
    const svg = root.querySelector('[data-role="plot"] svg');
    expect(svg).not.toBeNull();
    expect(root.querySelector('[data-role="plot"] p')).toBeNull();
    expect(svg?.getAttribute('aria-label')).toBe('The sigmoid curve; the current point is z = 0.85, y = 0.70.');
    const line = svg?.querySelector('path[stroke="var(--chart-a)"], g[stroke="var(--chart-a)"] path');
    expect(line).not.toBeNull();
    const dots = svg?.querySelectorAll('circle') ?? [];
    expect(dots).toHaveLength(1);
    expect(svg?.textContent).toContain('y = σ(z)');
  });

  test('a missing part is an error naming the widget', () => {
    const root = markup();
    root.querySelector('[data-role="tex-y"]')?.removeAttribute('data-role');
    expect(() => showNeuron(root, STATE, OUT)).toThrow(WidgetMarkupError);
    expect(() => showNeuron(root, STATE, OUT)).toThrow(/neuron widget.*tex-y/);
  });
});
