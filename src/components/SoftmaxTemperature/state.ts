/**
 * The softmax widget's state: one score per class of the OCT task, a temperature and the true class. The URL keeps
 * it under `sm.` (keys `sm.z`, `sm.t`, `sm.y`); values a link asks for are clamped to the sliders' ranges, with a note.
 */
import { TASKS } from '../../lib/model/core/tasks';
import { choiceField, defineUrlState, numberField, numberListField } from '../../lib/view/url-state';

export const CLASSES = TASKS.oct.classes;
export const SCORE_RANGE = { min: -6, max: 6, step: 0.1 } as const;
export const TEMPERATURE_RANGE = { min: 0.2, max: 5, step: 0.05 } as const;

export interface SoftmaxState {
  scores: number[];
  temperature: number;
  /** The true class, by name. */
  truth: string;
}

/** Chapter 1's worked example: scores for CNV, DME, drusen and normal. */
export const DEFAULT_SOFTMAX: SoftmaxState = { scores: [2, 0.5, 0.1, -1], temperature: 1, truth: 'CNV' };

export const softmaxUrlState = defineUrlState<SoftmaxState>(
  'the softmax widget',
  'sm.',
  {
    scores: numberListField({ count: CLASSES.length, ...SCORE_RANGE, fallback: DEFAULT_SOFTMAX.scores }),
    temperature: numberField({ ...TEMPERATURE_RANGE, fallback: DEFAULT_SOFTMAX.temperature }),
    truth: choiceField(CLASSES, DEFAULT_SOFTMAX.truth),
  },
  { scores: 'z', temperature: 't', truth: 'y' },
);

const round = (v: number, step: number): number => Number((Math.round(v / step) * step).toFixed(6));
const clamp = (v: number, range: { min: number; max: number }): number => Math.min(range.max, Math.max(range.min, v));

export function withScore(state: SoftmaxState, index: number, value: number): SoftmaxState {
  const scores = state.scores.map((z, i) => (i === index ? round(clamp(value, SCORE_RANGE), SCORE_RANGE.step) : z));
  return { ...state, scores };
}

/** Adds the same amount to every score (kept inside the sliders' range by moving all of them less if needed). */
export function shifted(state: SoftmaxState, amount: number): SoftmaxState {
  const room = amount > 0 ? SCORE_RANGE.max - Math.max(...state.scores) : SCORE_RANGE.min - Math.min(...state.scores);
  const step = amount > 0 ? Math.min(amount, room) : Math.max(amount, room);
  return { ...state, scores: state.scores.map((z) => round(z + step, SCORE_RANGE.step)) };
}

export function withTemperature(state: SoftmaxState, value: number): SoftmaxState {
  return { ...state, temperature: round(clamp(value, TEMPERATURE_RANGE), TEMPERATURE_RANGE.step) };
}

export function withTruth(state: SoftmaxState, truth: string): SoftmaxState {
  return CLASSES.includes(truth) ? { ...state, truth } : state;
}
