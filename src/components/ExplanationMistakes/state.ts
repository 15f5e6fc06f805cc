/** The mistakes figure's state: which model's mistakes, and which map; in the URL under `xm.`. */
import { choiceField, defineUrlState } from '../../lib/view/url-state';

export const MISTAKE_TASKS = ['cxr', 'oct'] as const;
export const MISTAKE_MAPS = ['gradcam', 'occlusion'] as const;

export interface MistakesState {
  task: (typeof MISTAKE_TASKS)[number];
  method: (typeof MISTAKE_MAPS)[number];
}

export const DEFAULT_MISTAKES: MistakesState = { task: 'cxr', method: 'gradcam' };

export const mistakesUrlState = defineUrlState<MistakesState>('the mistakes figure', 'xm.', {
  task: choiceField(MISTAKE_TASKS, DEFAULT_MISTAKES.task),
  method: choiceField(MISTAKE_MAPS, DEFAULT_MISTAKES.method),
});
