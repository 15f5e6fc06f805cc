/**
 * The explanation explorer's state: model, class, score space, method and each method's settings, and the overlay's
 * opacity, kept in the URL under `xp.` so a view can be shared. Window and stride take any whole number a link or the
 * reader gives; one the scan cannot hold is refused with the reason when the map is asked for, not clamped away.
 */
import { TASKS, type TaskId } from '../../lib/model/core/tasks';
import { DEFAULT_SETTINGS, METHODS, type Method } from '../../lib/model/explain/methods';
import { FILLS, type Fill } from '../../lib/model/explain/occlusion';
import { SCORE_SPACES, type ScoreSpace } from '../../lib/model/explain/scorer';
import { booleanField, choiceField, defineUrlState, numberField, textField } from '../../lib/view/url-state';

export interface ExplainState {
  task: TaskId;
  /** 'predicted', or a class name of the task. */
  target: string;
  space: ScoreSpace;
  method: Method;
  window: number;
  stride: number;
  fill: Fill;
  /** Grad-CAM's layer; '' for the map the head reads. */
  layer: string;
  steps: number;
  opacity: number;
  /** Explain the reader's own head from chapter 7 instead of the shipped one. */
  own: boolean;
}

export const IG_STEPS = [16, 32, 64, 128] as const;

export const DEFAULT_EXPLAIN: ExplainState = {
  task: 'cxr',
  target: 'predicted',
  space: DEFAULT_SETTINGS.space,
  method: 'occlusion',
  window: DEFAULT_SETTINGS.window,
  stride: DEFAULT_SETTINGS.stride,
  fill: DEFAULT_SETTINGS.fill,
  layer: '',
  steps: DEFAULT_SETTINGS.steps,
  opacity: 0.7,
  own: false,
};

const TASK_IDS = Object.keys(TASKS) as TaskId[];

export const explainUrlState = defineUrlState<ExplainState>(
  'the explanation explorer',
  'xp.',
  {
    task: choiceField(TASK_IDS, DEFAULT_EXPLAIN.task),
    target: textField(/^[A-Za-z]{1,20}$/, DEFAULT_EXPLAIN.target),
    space: choiceField(SCORE_SPACES, DEFAULT_EXPLAIN.space),
    method: choiceField(METHODS, DEFAULT_EXPLAIN.method),
    window: numberField({ min: 1, max: 1000, fallback: DEFAULT_EXPLAIN.window, step: 1 }),
    stride: numberField({ min: 1, max: 1000, fallback: DEFAULT_EXPLAIN.stride, step: 1 }),
    fill: choiceField(FILLS, DEFAULT_EXPLAIN.fill),
    layer: textField(/^[A-Za-z0-9_]{0,40}$/, DEFAULT_EXPLAIN.layer),
    steps: numberField({ min: 4, max: 256, fallback: DEFAULT_EXPLAIN.steps, step: 1 }),
    opacity: numberField({ min: 0, max: 1, fallback: DEFAULT_EXPLAIN.opacity, step: 0.05 }),
    own: booleanField(DEFAULT_EXPLAIN.own),
  },
  { window: 'k', stride: 's', target: 'c', opacity: 'a' },
);

/** The class index the state asks for: the predicted one, or a named class (unknown names mean predicted). */
export function targetIndex(state: ExplainState, classes: readonly string[], probabilities: ArrayLike<number>): number {
  const named = classes.indexOf(state.target);
  if (named >= 0) return named;
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if ((probabilities[i] ?? 0) > (probabilities[best] ?? 0)) best = i;
  return best;
}

/** What a computed map depends on (the score space too, except for occlusion, which computes both at once). */
export function mapKey(scan: string, state: ExplainState, target: number): string {
  const parts: (string | number | boolean)[] = [scan, state.task, state.own, target, state.method];
  if (state.method === 'occlusion') parts.push(state.window, state.stride, state.fill);
  else parts.push(state.space);
  if (state.method === 'gradcam') parts.push(state.layer);
  if (state.method === 'ig') parts.push(state.steps);
  return parts.join('|');
}

/** What faithfulness and sanity results are kept for: the scan, model and class (any method). */
export function baseKey(scan: string, state: ExplainState, target: number): string {
  return [scan, state.task, state.own, target].join('|');
}
