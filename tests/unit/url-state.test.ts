/**
 * URL state: fields clamp what a link asks for (a learning rate of 10 000 must not break a page) and say so; two
 * widgets can never claim one URL key; every widget's state module registers its keys on import.
 */
import { describe, expect, test } from 'vitest';
import {
  booleanField,
  choiceField,
  claimUrlKeys,
  claimedUrlKeys,
  defineUrlState,
  numberField,
  numberListField,
  textField,
  UrlKeyCollisionError,
} from '../../src/lib/view/url-state';

describe('fields', () => {
  test('numbers are clamped to the range, snapped to the step, and a bad one falls back, each with a note', () => {
    const rate = numberField({ min: 1e-4, max: 1, fallback: 0.01 });
    expect(rate.parse('10000', 'lr')).toEqual({
      value: 1,
      note: "The link's lr=10000 is beyond the maximum; 1 is used instead.",
    });
    expect(rate.parse('-3', 'lr').value).toBe(1e-4);
    expect(rate.parse('abc', 'lr')).toMatchObject({ value: 0.01, note: expect.stringContaining('not a number') });
    expect(rate.parse('Infinity', 'lr').value).toBe(0.01);
    expect(rate.parse(null, 'lr')).toEqual({ value: 0.01 });
    expect(numberField({ min: 1, max: 8, fallback: 2, step: 1 }).parse('3.6', 'k')).toEqual({ value: 4 });
  });

  test('choices, booleans, text and lists', () => {
    expect(choiceField(['max', 'avg'], 'max').parse('median', 'op')).toMatchObject({
      value: 'max',
      note: expect.any(String),
    });
    expect(choiceField(['max', 'avg'], 'max').parse('avg', 'op')).toEqual({ value: 'avg' });
    expect(booleanField(false).parse('1', 'b')).toEqual({ value: true });
    expect(booleanField(false).parse('yes', 'b').note).toBeDefined();
    expect(textField(/^[a-z_0-9]+$/, 'conv1').parse('<script>', 'layer')).toMatchObject({ value: 'conv1' });
    const list = numberListField({ count: 3, min: -2, max: 2, fallback: [0, 0, 0] });
    expect(list.parse('1_5_-9', 'w')).toMatchObject({ value: [1, 2, -2], note: expect.any(String) });
    expect(list.parse('1_2', 'w')).toMatchObject({ value: [0, 0, 0], note: expect.stringContaining('3 numbers') });
  });
});

describe('defineUrlState', () => {
  test('round-trips, keeps other parameters, and collects the notes of a link out of range', () => {
    const spec = defineUrlState<{ rate: number; mode: 'x' | 'y' }>(
      'test widget A',
      'ta.',
      {
        rate: numberField({ min: 0, max: 1, fallback: 0.5 }),
        mode: choiceField(['x', 'y'], 'x'),
      },
      { rate: 'r' },
    );
    expect(spec.keys).toEqual(['ta.r', 'ta.mode']);
    expect(spec.defaults).toEqual({ rate: 0.5, mode: 'x' });
    const params = new URLSearchParams('scan=S');
    spec.write({ rate: 0.25, mode: 'y' }, params);
    expect(params.toString()).toBe('scan=S&ta.r=0.25&ta.mode=y');
    expect(spec.parse(params)).toEqual({ state: { rate: 0.25, mode: 'y' }, notes: [] });
    expect(spec.parse(new URLSearchParams('ta.r=10000&ta.mode=z')).notes).toHaveLength(2);
  });

  test('two widgets claiming one key fail; one widget claiming its keys again is fine', () => {
    claimUrlKeys('test widget B', ['tb.k']);
    expect(() => claimUrlKeys('test widget B', ['tb.k'])).not.toThrow();
    expect(() => claimUrlKeys('test widget C', ['tb.k'])).toThrow(UrlKeyCollisionError);
  });
});

describe('every widget', () => {
  test('claims its URL keys on import, and no two widgets share one', async () => {
    const modules = import.meta.glob('../../src/components/*/state.ts');
    // Importing them all must not throw UrlKeyCollisionError.
    await Promise.all(Object.values(modules).map((load) => load()));
    const owners = new Set([...claimedUrlKeys().values()].filter((o) => !o.startsWith('test widget')));
    expect(owners.size).toBeGreaterThanOrEqual(1);
  });
});
