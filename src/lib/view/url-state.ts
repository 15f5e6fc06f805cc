/**
 * Widget state in the page URL, typed and clamped. A widget declares its fields once (`defineUrlState`), which
 * claims their keys in a page-wide registry (two widgets claiming one key is a bug a unit test catches), parses
 * them so that no link can break a page (out-of-range values are clamped, unknown ones fall back to the default,
 * each with a note the widget shows), and writes them back with history.replaceState (no history entry per slider
 * step), so any view can be shared as a link.
 */

/** A value parsed from the URL, with a note for the reader when the link asked for something it cannot have. */
interface Parsed<T> {
  value: T;
  note?: string;
}

export interface Field<T> {
  parse(text: string | null, key: string): Parsed<T>;
  format(value: T): string;
}

export interface StateSpec<S> {
  /** Every URL key the state uses. */
  readonly keys: readonly string[];
  readonly defaults: S;
  parse(params: URLSearchParams): { state: S; notes: string[] };
  write(state: S, params: URLSearchParams): void;
}

export class UrlKeyCollisionError extends Error {}

const claimed = new Map<string, string>();

/** Claims URL keys for one widget; throws when another widget already claimed one of them. */
export function claimUrlKeys(owner: string, keys: readonly string[]): void {
  for (const key of keys) {
    const holder = claimed.get(key);
    if (holder !== undefined && holder !== owner) {
      throw new UrlKeyCollisionError(`URL key "${key}" is claimed by both ${holder} and ${owner}.`);
    }
    claimed.set(key, owner);
  }
}

/** The registry as it stands (for tests and the "copy link" control). */
export function claimedUrlKeys(): ReadonlyMap<string, string> {
  return claimed;
}

function clampNote(key: string, text: string, value: number, bound: 'minimum' | 'maximum'): string {
  return `The link's ${key}=${text} is beyond the ${bound}; ${value} is used instead.`;
}

/** A number in [min, max]; `step` rounds it onto the control's grid (1 for whole numbers). */
export function numberField(options: { min: number; max: number; fallback: number; step?: number }): Field<number> {
  const { min, max, fallback, step } = options;
  const snap = (v: number): number => (step ? Number((Math.round((v - min) / step) * step + min).toFixed(10)) : v);
  return {
    parse(text, key) {
      if (text === null || text.trim() === '') return { value: fallback };
      const raw = Number(text);
      if (!Number.isFinite(raw))
        return { value: fallback, note: `The link's ${key}=${text} is not a number; ${fallback} is used.` };
      if (raw < min) return { value: min, note: clampNote(key, text, min, 'minimum') };
      if (raw > max) return { value: max, note: clampNote(key, text, max, 'maximum') };
      return { value: snap(raw) };
    },
    format: (value) => String(value),
  };
}

export function choiceField<T extends string>(choices: readonly T[], fallback: T): Field<T> {
  return {
    parse(text, key) {
      if (text === null || text === '') return { value: fallback };
      if ((choices as readonly string[]).includes(text)) return { value: text as T };
      return {
        value: fallback,
        note: `The link's ${key}=${text} is not one of ${choices.join(', ')}; ${fallback} is used.`,
      };
    },
    format: (value) => value,
  };
}

export function booleanField(fallback: boolean): Field<boolean> {
  return {
    parse(text, key) {
      if (text === null || text === '') return { value: fallback };
      if (text === '1' || text === '0') return { value: text === '1' };
      return { value: fallback, note: `The link's ${key}=${text} is neither 1 nor 0; ${fallback ? 1 : 0} is used.` };
    },
    format: (value) => (value ? '1' : '0'),
  };
}

/** A free string matching `pattern` (an id, a layer name); anything else falls back. */
export function textField(pattern: RegExp, fallback: string): Field<string> {
  return {
    parse(text, key) {
      if (text === null || text === '') return { value: fallback };
      if (pattern.test(text)) return { value: text };
      return { value: fallback, note: `The link's ${key}=${text} is not valid here; the default is used.` };
    },
    format: (value) => value,
  };
}

/** A fixed-length list of numbers, each clamped to [min, max], joined with "_" (URL-safe, unlike commas). */
export function numberListField(options: {
  count: number;
  min: number;
  max: number;
  fallback: readonly number[];
}): Field<number[]> {
  const item = numberField({ min: options.min, max: options.max, fallback: 0 });
  return {
    parse(text, key) {
      const fallback = [...options.fallback];
      const values = splitNumbers(text);
      if (text === null || text === '') return { value: fallback };
      if (!values || values.length !== options.count) {
        return { value: fallback, note: `The link's ${key} needs ${options.count} numbers; the default is used.` };
      }
      const parsed = values.map((v) => item.parse(String(v), key));
      return { value: parsed.map((p) => p.value), note: parsed.find((p) => p.note)?.note };
    },
    format: joinNumbers,
  };
}

export type Fields<S> = { [K in keyof S]: Field<S[K]> };

/**
 * A state of independent fields under `prefix`, claimed for `owner` in the key registry. A field's URL key is
 * `prefix + name`, or `prefix + short[name]` when a shorter one is given (`pool.k` for `window`).
 */
export function defineUrlState<S extends object>(
  owner: string,
  prefix: string,
  fields: Fields<S>,
  short: Partial<Record<keyof S, string>> = {},
): StateSpec<S> {
  const names = Object.keys(fields) as (keyof S & string)[];
  const keyOf = (name: keyof S & string): string => `${prefix}${short[name] ?? name}`;
  const keys = names.map(keyOf);
  claimUrlKeys(owner, keys);
  const parse = (params: URLSearchParams): { state: S; notes: string[] } => {
    const notes: string[] = [];
    const state = {} as S;
    for (const name of names) {
      const parsed = fields[name].parse(params.get(keyOf(name)), keyOf(name));
      state[name] = parsed.value;
      if (parsed.note) notes.push(parsed.note);
    }
    return { state, notes };
  };
  return {
    keys,
    defaults: parse(new URLSearchParams()).state,
    parse,
    write(state, params) {
      for (const name of names) params.set(keyOf(name), fields[name].format(state[name]));
    },
  };
}

export function currentParams(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Replaces the keys `write` sets (and removes those it deletes), keeping every other parameter of the page. */
export function updateParams(write: (params: URLSearchParams) => void): void {
  const url = new URL(location.href);
  write(url.searchParams);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

/** Numbers joined with "_" (URL-safe, unlike commas): "0.8_-0.5". */
export function joinNumbers(values: readonly number[]): string {
  return values.map((v) => String(v)).join('_');
}

/** The inverse of joinNumbers; null unless every part is a finite number and the count matches (when given). */
export function splitNumbers(text: string | null, count?: number): number[] | null {
  if (text === null || text === '') return null;
  const values = text.split('_').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (!values.every(Number.isFinite)) return null;
  if (count !== undefined && values.length !== count) return null;
  return values;
}
