/**
 * The error-cost explorer's state: the OCT penalty matrix (Kermany's by default; row = truth, column = the call,
 * class order from the OCT head's meta.json) and, for the chest X-ray, how many false alarms one missed pneumonia
 * is worth. URL prefix `cost.`.
 */
import { kermanyPenalties } from '../../lib/model/evaluation/costs';
import { defineUrlState, numberField, numberListField, type StateSpec } from '../../lib/view/url-state';

const classes = import.meta.glob<string[]>('/public/weights/heads/oct/meta.json', { eager: true, import: 'classes' });

/** The OCT head's classes, from its meta.json. */
export const OCT_CLASSES: readonly string[] = Object.values(classes)[0] ?? [];

export interface CostState {
  /** Row-major penalties, OCT_CLASSES.length² of them (0 on the diagonal). */
  penalties: number[];
  /** A missed pneumonia costs this many false alarms. */
  ratio: number;
}

export const MAX_PENALTY = 10;
export const RATIO_LIMITS = { min: 1, max: 50 } as const;

export const DEFAULT_COSTS: CostState = { penalties: kermanyPenalties(OCT_CLASSES).flat(), ratio: 1 };

export const costUrlState: StateSpec<CostState> = defineUrlState<CostState>(
  'the error-cost explorer',
  'cost.',
  {
    penalties: numberListField({
      count: OCT_CLASSES.length ** 2,
      min: 0,
      max: MAX_PENALTY,
      fallback: DEFAULT_COSTS.penalties,
    }),
    ratio: numberField({ ...RATIO_LIMITS, fallback: DEFAULT_COSTS.ratio, step: 1 }),
  },
  { penalties: 'w' },
);

/** The matrix of a state (diagonal forced to 0: a right call costs nothing). */
export function penaltyMatrix(state: CostState): number[][] {
  const k = OCT_CLASSES.length;
  return Array.from({ length: k }, (_, t) =>
    Array.from({ length: k }, (_, p) => (t === p ? 0 : (state.penalties[t * k + p] ?? 0))),
  );
}

export function withPenalty(state: CostState, index: number, value: number): CostState {
  if (!Number.isFinite(value)) return state;
  const penalties = [...state.penalties];
  penalties[index] = Math.min(MAX_PENALTY, Math.max(0, value));
  return { ...state, penalties };
}
