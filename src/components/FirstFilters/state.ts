/**
 * The first-filters widget's one choice: the filters' raw responses or their block's output (after batch
 * normalisation and the activation). The URL keeps it as `ff.m`, the key older links already use.
 */
import { choiceField, defineUrlState, type StateSpec } from '../../lib/view/url-state';

export const MODES = ['raw', 'block'] as const;
export type Mode = (typeof MODES)[number];

export interface FirstFiltersState {
  mode: Mode;
}

export const DEFAULT_FIRST_FILTERS: FirstFiltersState = { mode: 'raw' };

export const firstFiltersUrlState: StateSpec<FirstFiltersState> = defineUrlState<FirstFiltersState>(
  'the first-filters widget',
  'ff.',
  { mode: choiceField(MODES, DEFAULT_FIRST_FILTERS.mode) },
  { mode: 'm' },
);

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

export function withMode(state: FirstFiltersState, value: string): FirstFiltersState {
  return isMode(value) ? { ...state, mode: value } : state;
}
