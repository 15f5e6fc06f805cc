/** The loss widget's state: the predicted probability of pneumonia and the scan's true class, in the URL under `loss.`. */
import { defineUrlState, numberField } from '../../lib/view/url-state';

export interface LossState {
  /** Predicted probability of pneumonia; normal gets 1 − p. */
  p: number;
  /** 0 normal, 1 pneumonia. */
  label: number;
}

export const P_LIMITS = { min: 0.001, max: 0.999, step: 0.001 } as const;
export const DEFAULT_LOSS: LossState = { p: 0.7, label: 1 };

export const lossUrlState = defineUrlState<LossState>('the loss widget', 'loss.', {
  p: numberField({ ...P_LIMITS, fallback: DEFAULT_LOSS.p }),
  label: numberField({ min: 0, max: 1, fallback: DEFAULT_LOSS.label, step: 1 }),
});
