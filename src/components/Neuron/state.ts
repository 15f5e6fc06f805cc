/**
 * The neuron widget's state: three inputs, three weights, a bias and an activation, with the slider ranges the
 * markup uses and pure updates. The URL keeps it under `n.` (keys `n.x`, `n.w`, `n.b`, `n.f`); values a link asks
 * for are clamped to the sliders' ranges (with a note) and snapped to their steps.
 */
import { ACTIVATIONS, type ActivationName } from '../../lib/model/lessons/neuron';
import { choiceField, defineUrlState, numberField, numberListField, type StateSpec } from '../../lib/view/url-state';

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

export const INPUT_COUNT = 3;
export const INPUT_RANGE: SliderRange = { min: -1, max: 1, step: 0.05 };
export const WEIGHT_RANGE: SliderRange = { min: -2, max: 2, step: 0.1 };
export const BIAS_RANGE: SliderRange = { min: -2, max: 2, step: 0.1 };
export { ACTIVATIONS };

export interface NeuronState {
  inputs: number[];
  weights: number[];
  bias: number;
  activation: ActivationName;
}

export const DEFAULT_STATE: NeuronState = {
  inputs: [0.8, 0.3, -0.5],
  weights: [0.6, -0.4, 0.9],
  bias: 0.1,
  activation: 'relu',
};

/** Rounds to the slider's step and clamps to its range, so any value becomes one the slider can show. */
export function snap(value: number, range: SliderRange): number {
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const steps = Math.round((clamped - range.min) / range.step);
  return Number((range.min + steps * range.step).toFixed(6));
}

const URL_STATE = defineUrlState<NeuronState>(
  'the neuron widget',
  'n.',
  {
    inputs: numberListField({ count: INPUT_COUNT, ...INPUT_RANGE, fallback: DEFAULT_STATE.inputs }),
    weights: numberListField({ count: INPUT_COUNT, ...WEIGHT_RANGE, fallback: DEFAULT_STATE.weights }),
    bias: numberField({ ...BIAS_RANGE, fallback: DEFAULT_STATE.bias }),
    activation: choiceField(ACTIVATIONS, DEFAULT_STATE.activation),
  },
  { inputs: 'x', weights: 'w', bias: 'b', activation: 'f' },
);

function snapped(state: NeuronState): NeuronState {
  return {
    ...state,
    inputs: state.inputs.map((v) => snap(v, INPUT_RANGE)),
    weights: state.weights.map((v) => snap(v, WEIGHT_RANGE)),
    bias: snap(state.bias, BIAS_RANGE),
  };
}

/** The URL state: clamped with notes by its fields, then snapped to the sliders' steps. */
export const neuronUrlState: StateSpec<NeuronState> = {
  ...URL_STATE,
  parse(params) {
    const { state, notes } = URL_STATE.parse(params);
    return { state: snapped(state), notes };
  },
};

export function withInput(state: NeuronState, index: number, value: number): NeuronState {
  return { ...state, inputs: state.inputs.map((v, i) => (i === index ? snap(value, INPUT_RANGE) : v)) };
}

export function withWeight(state: NeuronState, index: number, value: number): NeuronState {
  return { ...state, weights: state.weights.map((v, i) => (i === index ? snap(value, WEIGHT_RANGE) : v)) };
}

export function withBias(state: NeuronState, value: number): NeuronState {
  return { ...state, bias: snap(value, BIAS_RANGE) };
}

export function withActivation(state: NeuronState, activation: ActivationName): NeuronState {
  return { ...state, activation };
}
