/**
 * The shift experiment's state: which way the scan moves, what fills the uncovered strip, and which shift is
 * previewed. The URL keeps it under the `shift.` prefix (`shift.dir`, `shift.fill`, `shift.at`, the keys older
 * links use); values out of range are clamped, unknown ones fall back, each with a note.
 */
import { SHIFT_DIRECTIONS, SHIFT_FILLS, type ShiftDirection, type ShiftFill } from '../../lib/model/lessons/shift';
import { choiceField, defineUrlState, numberField, type StateSpec } from '../../lib/view/url-state';

export const MAX_SHIFT = 16;

export interface ShiftState {
  direction: ShiftDirection;
  fill: ShiftFill;
  /** The previewed shift, 0..MAX_SHIFT px. */
  at: number;
}

export const DEFAULT_SHIFT: ShiftState = { direction: 'right', fill: 'edge', at: 4 };

export const shiftUrlState: StateSpec<ShiftState> = defineUrlState<ShiftState>(
  'the shift experiment',
  'shift.',
  {
    direction: choiceField(SHIFT_DIRECTIONS, DEFAULT_SHIFT.direction),
    fill: choiceField(SHIFT_FILLS, DEFAULT_SHIFT.fill),
    at: numberField({ min: 0, max: MAX_SHIFT, fallback: DEFAULT_SHIFT.at, step: 1 }),
  },
  { direction: 'dir' },
);

/** A control's value, kept only when it is one the state allows. */
export function withDirection(state: ShiftState, value: string): ShiftState {
  const direction = SHIFT_DIRECTIONS.find((d) => d === value);
  return direction ? { ...state, direction } : state;
}

export function withFill(state: ShiftState, value: string): ShiftState {
  const fill = SHIFT_FILLS.find((f) => f === value);
  return fill ? { ...state, fill } : state;
}

/** The previewed shift, a whole number of pixels in 0..MAX_SHIFT. */
export function withAt(state: ShiftState, value: number): ShiftState {
  if (!Number.isFinite(value)) return state;
  return { ...state, at: Math.min(MAX_SHIFT, Math.max(0, Math.round(value))) };
}

/** What the curve depends on: the scan, the task's model, the direction and the fill (never the previewed shift). */
export function curveKey(scan: string, task: string, state: ShiftState): string {
  return [scan, task, state.direction, state.fill].join('|');
}
