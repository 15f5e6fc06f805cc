/** The limited-data experiment's state: which measure the curve shows. URL prefix `ld.`; the runs themselves are not in the URL. */
import { choiceField, defineUrlState, type StateSpec } from '../../lib/view/url-state';

export const MEASURES = ['accuracy', 'auc'] as const;
export type Measure = (typeof MEASURES)[number];

export interface LimitedState {
  measure: Measure;
}

export const DEFAULT_LIMITED: LimitedState = { measure: 'accuracy' };

export const limitedUrlState: StateSpec<LimitedState> = defineUrlState<LimitedState>(
  'the limited-data experiment',
  'ld.',
  {
    measure: choiceField(MEASURES, DEFAULT_LIMITED.measure),
  },
);
