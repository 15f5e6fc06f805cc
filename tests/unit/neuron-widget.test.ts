import { describe, expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  INPUT_RANGE,
  neuronUrlState,
  snap,
  withActivation,
  withBias,
  withInput,
  withWeight,
} from '../../src/components/Neuron/state';
import { formatFactor, formatValue } from '../../src/components/Neuron/strings';
import { formulaTex } from '../../src/components/Neuron/formula';

const parseState = (params: URLSearchParams) => neuronUrlState.parse(params).state;

describe('neuron widget state', () => {
  test('defaults when the URL says nothing or nonsense', () => {
    expect(parseState(new URLSearchParams())).toEqual(DEFAULT_STATE);
    const { state, notes } = neuronUrlState.parse(new URLSearchParams('n.x=1_2&n.w=a_b_c&n.b=&n.f=softmax'));
    expect(state).toEqual(DEFAULT_STATE);
    expect(notes).toHaveLength(3);
    expect(notes.join(' ')).toContain('n.f=softmax');
  });

  test('a link beyond a slider is clamped with a note, and snapped to its step', () => {
    const { state, notes } = neuronUrlState.parse(new URLSearchParams('n.x=7_0.33_-1&n.b=-0.26'));
    expect(state.inputs).toEqual([1, 0.35, -1]);
    expect(state.bias).toBe(-0.3);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('n.x');
    expect(neuronUrlState.keys).toEqual(['n.x', 'n.w', 'n.b', 'n.f']);
  });

  test('round-trips through URL parameters, snapped to the sliders', () => {
    const state = withActivation(withBias(withWeight(withInput(DEFAULT_STATE, 2, 0.33), 0, -1.7), 0.4), 'tanh');
    const params = new URLSearchParams('scan=x');
    neuronUrlState.write(state, params);
    expect(params.get('scan')).toBe('x');
    expect(parseState(params)).toEqual(state);
    expect(state.inputs[2]).toBe(0.35);
  });

  test('snap clamps and rounds to the step', () => {
    expect(snap(7, INPUT_RANGE)).toBe(1);
    expect(snap(-0.333, INPUT_RANGE)).toBe(-0.35);
  });

  test('numbers print with a true minus, negatives in parentheses as factors, never −0.00', () => {
    expect(formatValue(-0.4)).toBe('−0.40');
    expect(formatValue(-0.001)).toBe('0.00');
    expect(formatFactor(-0.4)).toBe('(−0.40)');
    expect(formatFactor(0.4)).toBe('0.40');
  });

  test('the formula has one placeholder per input, weight, bias, z, f and y', () => {
    const tex = formulaTex(3);
    for (const role of ['x0', 'x1', 'x2', 'w0', 'w1', 'w2', 'b', 'z', 'z2', 'f', 'y'])
      expect(tex).toContain(`role=tex-${role}}`);
  });
});
