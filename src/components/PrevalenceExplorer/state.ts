/**
 * The prevalence explorer's state: which binary head, and the prevalence of disease among the people tested, from
 * screening (1 %) up to the test set's own balance. URL prefix `prev.`. The slider is logarithmic: each step
 * multiplies the prevalence by the same factor, so 1 %, 2 % and 5 % are as far apart as 10 %, 20 % and 50 %.
 */
import { choiceField, defineUrlState, numberField, type StateSpec } from '../../lib/view/url-state';
import { ROC_TASKS, type RocTask } from '../RocThreshold/state';

export const SCREENING = 0.01;
export const SLIDER_STEPS = 200;

export interface PrevalenceState {
  task: RocTask;
  /** A fraction; clamped to [SCREENING, the test set's balance] once the scores are known. */
  prevalence: number;
}

export const DEFAULT_PREVALENCE: PrevalenceState = { task: 'cxr', prevalence: SCREENING };

export const prevalenceUrlState: StateSpec<PrevalenceState> = defineUrlState<PrevalenceState>(
  'the prevalence explorer',
  'prev.',
  {
    task: choiceField(ROC_TASKS, DEFAULT_PREVALENCE.task),
    prevalence: numberField({ min: SCREENING, max: 1, fallback: DEFAULT_PREVALENCE.prevalence, step: 0.0001 }),
  },
);

/** Slider position 0..SLIDER_STEPS → prevalence between SCREENING and `top`, evenly on a log scale. */
export function prevalenceAt(position: number, top: number): number {
  const t = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  return Math.round(SCREENING * (top / SCREENING) ** t * 10_000) / 10_000;
}

export function positionOf(prevalence: number, top: number): number {
  if (top <= SCREENING) return SLIDER_STEPS;
  const t = Math.log(Math.min(top, Math.max(SCREENING, prevalence)) / SCREENING) / Math.log(top / SCREENING);
  return Math.round(t * SLIDER_STEPS);
}

export function withPrevalence(state: PrevalenceState, prevalence: number, top: number): PrevalenceState {
  return Number.isFinite(prevalence) ? { ...state, prevalence: Math.min(top, Math.max(SCREENING, prevalence)) } : state;
}
