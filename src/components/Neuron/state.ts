/**
 * The neuron widget's state: three inputs, three weights, a bias and an activation, with the slider ranges the
 * markup uses, pure updates, and a round-trip through the URL (keys `n.x`, `n.w`, `n.b`, `n.f`).
 */
import { ACTIVATIONS, isActivation, type ActivationName } from '../../lib/model/lessons/neuron';
import { joinNumbers, splitNumbers } from '../../lib/view/url-state';

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

const KEYS = { inputs: 'n.x', weights: 'n.w', bias: 'n.b', activation: 'n.f' } as const;

/** Rounds to the slider's step and clamps to its range, so any URL value becomes one the slider can show. */
export function snap(value: number, range: SliderRange): number {
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const steps = Math.round((clamped - range.min) / range.step);
  return Number((range.min + steps * range.step).toFixed(6));
}

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

/** Reads the state from URL parameters; a missing or malformed key keeps its default. */
export function parseState(params: URLSearchParams, defaults: NeuronState = DEFAULT_STATE): NeuronState {
  const inputs = splitNumbers(params.get(KEYS.inputs), INPUT_COUNT);
  const weights = splitNumbers(params.get(KEYS.weights), INPUT_COUNT);
  const biasText = params.get(KEYS.bias)?.trim() ?? '';
  const bias = biasText === '' ? Number.NaN : Number(biasText);
  const activation = params.get(KEYS.activation) ?? '';
  return {
    inputs: (inputs ?? defaults.inputs).map((v) => snap(v, INPUT_RANGE)),
    weights: (weights ?? defaults.weights).map((v) => snap(v, WEIGHT_RANGE)),
    bias: Number.isFinite(bias) ? snap(bias, BIAS_RANGE) : defaults.bias,
    activation: isActivation(activation) ? activation : defaults.activation,
  };
}

export function writeState(state: NeuronState, params: URLSearchParams): void {
  params.set(KEYS.inputs, joinNumbers(state.inputs));
  params.set(KEYS.weights, joinNumbers(state.weights));
  params.set(KEYS.bias, String(state.bias));
  params.set(KEYS.activation, state.activation);
}
