/**
 * The ROC explorer's state: which binary head, the threshold on its positive-class probability (default: the
 * shipped rule from its meta.json), and which confusion cell's scans are open. URL prefix `roc.`.
 */
import type { TaskId } from '../../lib/model/core/tasks';
import { choiceField, defineUrlState, numberField, type StateSpec } from '../../lib/view/url-state';

export const ROC_TASKS = ['cxr', 'cxr-pathogen'] as const satisfies readonly TaskId[];
export type RocTask = (typeof ROC_TASKS)[number];
export const CELLS = ['none', 'tp', 'fn', 'fp', 'tn'] as const;
export type Cell = (typeof CELLS)[number];

export interface RocState {
  task: RocTask;
  threshold: number;
  cell: Cell;
}

const thresholds = import.meta.glob<{ value: number }>('/public/weights/heads/*/meta.json', {
  eager: true,
  import: 'threshold',
});

/** The shipped head's own threshold, from its meta.json (the rule the model card's figures were called at). */
export function shippedThreshold(task: RocTask): number {
  const entry = Object.entries(thresholds).find(([path]) => path.includes(`/heads/${task}/`));
  if (!entry) throw new Error(`No shipped ${task} head: public/weights/heads/${task}/meta.json is missing.`);
  return entry[1].value;
}

export const DEFAULT_ROC: RocState = { task: 'cxr', threshold: shippedThreshold('cxr'), cell: 'none' };

export const rocUrlState: StateSpec<RocState> = defineUrlState<RocState>('the ROC explorer', 'roc.', {
  task: choiceField(ROC_TASKS, DEFAULT_ROC.task),
  threshold: numberField({ min: 0, max: 1, fallback: DEFAULT_ROC.threshold, step: 0.00001 }),
  cell: choiceField(CELLS, DEFAULT_ROC.cell),
});

export function withTask(state: RocState, value: string): RocState {
  const task = ROC_TASKS.find((t) => t === value);
  return task && task !== state.task ? { task, threshold: shippedThreshold(task), cell: 'none' } : state;
}

export function withThreshold(state: RocState, value: number): RocState {
  return Number.isFinite(value) ? { ...state, threshold: Math.min(1, Math.max(0, value)) } : state;
}

/**
 * Arrow keys on the curve step to the neighbouring distinct operating point (ROC vertex): Right/Up lowers the
 * threshold (more called positive), Left/Down raises it; Home/End go to the ends. `vertices` are descending
 * thresholds, as rocCurve gives them. Null: not a key the curve handles.
 */
export function stepVertex(threshold: number, vertices: readonly number[], key: string): number | null {
  const finite = vertices.filter(Number.isFinite);
  if (finite.length === 0) return null;
  // The vertex in effect: the lowest vertex threshold still at or above the current one (-1: nothing is called).
  let at = -1;
  finite.forEach((t, i) => {
    if (t >= threshold) at = i;
  });
  const last = finite.length - 1;
  const pick: Record<string, number> = {
    ArrowRight: Math.min(last, at + 1),
    ArrowUp: Math.min(last, at + 1),
    ArrowLeft: Math.max(0, at - 1),
    ArrowDown: Math.max(0, at - 1),
    Home: 0,
    End: last,
  };
  const index = pick[key];
  return index === undefined ? null : (finite[index] as number);
}
