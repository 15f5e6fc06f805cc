/** The first-filters widget's one choice: raw filter responses or the block's output. URL key `ff.m`. */
export const MODES = ['raw', 'block'] as const;
export type Mode = (typeof MODES)[number];

const KEY = 'ff.m';

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

export function parseMode(params: URLSearchParams, fallback: Mode = 'raw'): Mode {
  const value = params.get(KEY) ?? '';
  return isMode(value) ? value : fallback;
}

export function writeMode(mode: Mode, params: URLSearchParams): void {
  params.set(KEY, mode);
}
