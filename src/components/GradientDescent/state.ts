/**
 * The gradient-descent widget's state: optimiser, learning rate, batch size, how many training examples, L2 and seed.
 * Pure updates; the URL keeps it under `gd.` so a run can be shared as a link. A value out of range, typed or from a
 * link, is clamped and the reader told so.
 */
import { DESCENT_LIMITS, OPTIMISERS, type DescentConfig, type OptimiserName } from '../../lib/model/training/descent';
import { choiceField, defineUrlState, numberField } from '../../lib/view/url-state';

export type DescentState = DescentConfig;

export const DEFAULT_DESCENT: DescentState = {
  optimiser: 'momentum',
  learningRate: 0.01,
  batchSize: 64,
  examples: 100_000,
  l2: 1e-4,
  seed: 1,
};

/** The epoch at which the chapter states the default run's validation accuracy (measured, see scripts/measure-learn.ts). */
export const STATED_EPOCH = 5;
/** Play stops here: far past where anything in the chapter happens. */
export const MAX_EPOCHS = 300;

type NumericKey = 'learningRate' | 'batchSize' | 'examples' | 'l2';

const FIELDS = {
  optimiser: choiceField<OptimiserName>(OPTIMISERS, DEFAULT_DESCENT.optimiser),
  learningRate: numberField({ ...DESCENT_LIMITS.learningRate, fallback: DEFAULT_DESCENT.learningRate }),
  batchSize: numberField({ ...DESCENT_LIMITS.batchSize, fallback: DEFAULT_DESCENT.batchSize, step: 1 }),
  examples: numberField({ ...DESCENT_LIMITS.examples, fallback: DEFAULT_DESCENT.examples, step: 1 }),
  l2: numberField({ ...DESCENT_LIMITS.l2, fallback: DEFAULT_DESCENT.l2 }),
  seed: numberField({ min: 0, max: 1_000_000, fallback: DEFAULT_DESCENT.seed, step: 1 }),
};

export const descentUrlState = defineUrlState<DescentState>('the gradient-descent widget', 'gd.', FIELDS, {
  learningRate: 'lr',
  batchSize: 'batch',
  examples: 'n',
});

const NAMES: Record<NumericKey, string> = {
  learningRate: 'learning rate',
  batchSize: 'batch size',
  examples: 'number of training examples',
  l2: 'L2 strength',
};

/**
 * A typed value for one numeric control, clamped to [min, max] (max may be lowered, e.g. to the train split's size),
 * whole numbers rounded; a note when it was changed, null when taken as typed.
 */
export function clampTyped(
  key: NumericKey,
  typed: number,
  max: number = DESCENT_LIMITS[key].max,
): { value: number; note: string | null } {
  const { min } = DESCENT_LIMITS[key];
  const whole = key === 'batchSize' || key === 'examples';
  if (!Number.isFinite(typed)) return { value: min, note: `The ${NAMES[key]} must be a number; ${min} is used.` };
  const rounded = whole ? Math.round(typed) : typed;
  if (rounded < min) return { value: min, note: `A ${NAMES[key]} of ${typed} is below the minimum; ${min} is used.` };
  if (rounded > max) return { value: max, note: `A ${NAMES[key]} of ${typed} is above the maximum; ${max} is used.` };
  return { value: rounded, note: null };
}

/** The state with the example count held to what the train split has; a note when a link asked for more. */
export function withinTrainSplit(
  state: DescentState,
  trainCount: number,
): { state: DescentState; note: string | null } {
  if (state.examples <= trainCount) return { state, note: null };
  const note =
    state.examples === DEFAULT_DESCENT.examples
      ? null
      : `The link asked for ${state.examples} training examples; the train split has ${trainCount}, so all are used.`;
  return { state: { ...state, examples: trainCount }, note };
}
