/**
 * The sample-size explorer's state: which head, how many of its test images to judge it on (a seeded subsample
 * keeping the balance of classes), and the seed of that subsample. URL prefix `ci.`.
 */
import type { TaskId } from '../../lib/model/core/tasks';
import { choiceField, defineUrlState, numberField, type StateSpec } from '../../lib/view/url-state';

export const MIN_N = 10;
export const SAMPLE_TASKS = ['cxr', 'cxr-pathogen', 'oct'] as const satisfies readonly TaskId[];

export interface SampleState {
  task: TaskId;
  /** Clamped to the head's test size once the scores are known. */
  n: number;
  seed: number;
}

export const DEFAULT_SAMPLE: SampleState = { task: 'cxr', n: 38, seed: 1 };

export const sampleUrlState: StateSpec<SampleState> = defineUrlState<SampleState>('the sample-size explorer', 'ci.', {
  task: choiceField(SAMPLE_TASKS, DEFAULT_SAMPLE.task),
  n: numberField({ min: MIN_N, max: 100_000, fallback: DEFAULT_SAMPLE.n, step: 1 }),
  seed: numberField({ min: 1, max: 999, fallback: DEFAULT_SAMPLE.seed, step: 1 }),
});
