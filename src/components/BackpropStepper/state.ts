/**
 * The backprop step-through's state: where the 8 × 8 crop sits on the scan, the true class, the seed of the tiny
 * network's first weights, the learning rate of the update step, and which step of the walk is shown. In the URL
 * under `bp.`; out-of-range values from a link are clamped with a note.
 */
import { CROP } from '../../lib/model/lessons/backprop';
import { defineUrlState, numberField } from '../../lib/view/url-state';

export interface BackpropState {
  row: number;
  col: number;
  label: number;
  seed: number;
  learningRate: number;
  step: number;
}

/** 224 − 8: the crop's top-left stays inside the shipped input. */
export const CROP_MAX = 224 - CROP;
/** A crop over the right lung field of a frontal chest film (image left). */
export const DEFAULT_BACKPROP: BackpropState = { row: 96, col: 56, label: 1, seed: 1, learningRate: 0.5, step: 0 };

export const LR_LIMITS = { min: 0.001, max: 10 } as const;

export const backpropUrlState = defineUrlState<BackpropState>(
  'the backprop step-through',
  'bp.',
  {
    row: numberField({ min: 0, max: CROP_MAX, fallback: DEFAULT_BACKPROP.row, step: 1 }),
    col: numberField({ min: 0, max: CROP_MAX, fallback: DEFAULT_BACKPROP.col, step: 1 }),
    label: numberField({ min: 0, max: 1, fallback: DEFAULT_BACKPROP.label, step: 1 }),
    seed: numberField({ min: 0, max: 1_000_000, fallback: DEFAULT_BACKPROP.seed, step: 1 }),
    learningRate: numberField({ ...LR_LIMITS, fallback: DEFAULT_BACKPROP.learningRate }),
    step: numberField({ min: 0, max: 10, fallback: 0, step: 1 }),
  },
  { learningRate: 'lr', step: 's' },
);

/** Moves the crop by (dr, dc), kept inside the input. */
export function movedCrop(state: BackpropState, dr: number, dc: number): BackpropState {
  const clamp = (v: number): number => Math.min(CROP_MAX, Math.max(0, v));
  return { ...state, row: clamp(state.row + dr), col: clamp(state.col + dc) };
}

/** A typed learning rate clamped to its range, with a note when it was changed. */
export function clampLearningRate(typed: number): { value: number; note: string | null } {
  if (!Number.isFinite(typed))
    return { value: DEFAULT_BACKPROP.learningRate, note: 'The learning rate must be a number.' };
  if (typed < LR_LIMITS.min)
    return {
      value: LR_LIMITS.min,
      note: `A learning rate of ${typed} is below the minimum; ${LR_LIMITS.min} is used.`,
    };
  if (typed > LR_LIMITS.max)
    return {
      value: LR_LIMITS.max,
      note: `A learning rate of ${typed} is above the maximum; ${LR_LIMITS.max} is used.`,
    };
  return { value: typed, note: null };
}
