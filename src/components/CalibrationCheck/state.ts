/**
 * The calibration check's state: which head, and whether its test probabilities are shown as they come or after
 * temperature scaling (T fitted on the validation scores). URL prefix `cal.`.
 */
import { booleanField, choiceField, defineUrlState, type StateSpec } from '../../lib/view/url-state';
import { SAMPLE_TASKS } from '../SampleSize/state';

export interface CalibrationState {
  task: (typeof SAMPLE_TASKS)[number];
  scaled: boolean;
}

export const DEFAULT_CALIBRATION: CalibrationState = { task: 'cxr', scaled: false };

export const calibrationUrlState: StateSpec<CalibrationState> = defineUrlState<CalibrationState>(
  'the calibration check',
  'cal.',
  { task: choiceField(SAMPLE_TASKS, DEFAULT_CALIBRATION.task), scaled: booleanField(DEFAULT_CALIBRATION.scaled) },
);
