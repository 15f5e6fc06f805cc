/**
 * The shift experiment's state: which way the scan moves, what fills the uncovered strip, and which shift is
 * previewed. The URL keeps it under the `shift.` prefix; invalid values fall back to defaults.
 */
import { SHIFT_DIRECTIONS, SHIFT_FILLS, type ShiftDirection, type ShiftFill } from '../../lib/model/lessons/shift';

export const MAX_SHIFT = 16;

export interface ShiftState {
  direction: ShiftDirection;
  fill: ShiftFill;
  /** The previewed shift, 0..MAX_SHIFT px. */
  at: number;
}

export const DEFAULT_SHIFT: ShiftState = { direction: 'right', fill: 'edge', at: 4 };
const PREFIX = 'shift.';

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

export function parseShiftState(params: URLSearchParams): ShiftState {
  const at = params.get(`${PREFIX}at`);
  return {
    direction: oneOf(params.get(`${PREFIX}dir`), SHIFT_DIRECTIONS, DEFAULT_SHIFT.direction),
    fill: oneOf(params.get(`${PREFIX}fill`), SHIFT_FILLS, DEFAULT_SHIFT.fill),
    at: at !== null && /^\d+$/.test(at) ? Math.min(MAX_SHIFT, Number(at)) : DEFAULT_SHIFT.at,
  };
}

export function writeShiftState(state: ShiftState, params: URLSearchParams): void {
  params.set(`${PREFIX}dir`, state.direction);
  params.set(`${PREFIX}fill`, state.fill);
  params.set(`${PREFIX}at`, String(state.at));
}

/** Whether going from `a` to `b` needs the curve recomputed (the preview alone does not). */
export function curveChanged(a: ShiftState, b: ShiftState): boolean {
  return a.direction !== b.direction || a.fill !== b.fill;
}
