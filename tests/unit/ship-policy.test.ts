/**
 * The ship rules the model card's provenance rests on, at their edges: non-finite losses never ship, a loss or an
 * AUC exactly at the limit ships, a run that did not finish never ships, and a sweep never chooses a broken run.
 */
import { describe, expect, test } from 'vitest';
import type { HeadMeta } from '../../src/lib/model/core/meta';
import type { FinetuneEpoch } from '../../src/lib/model/training/finetune';
import {
  chooseFromSweep,
  frozenValidationLoss,
  preregisteredRule,
  rankByValidationLoss,
  validationLossRule,
} from '../../src/lib/model/training/ship-policy';

describe('validationLossRule', () => {
  test('ships a loss within the allowance, and one exactly at it', () => {
    expect(validationLossRule(0.3, 0.5, 0.01).ship).toBe(true);
    // Exactly representable: 0.5 + 0.25 is 0.75 with no rounding.
    expect(validationLossRule(0.75, 0.5, 0.25).ship).toBe(true);
    const frozen = 0.2871;
    expect(validationLossRule(frozen + 0.01, frozen, 0.01).ship).toBe(true);
  });

  test('keeps the frozen head just past the allowance', () => {
    const decision = validationLossRule(0.75 + 1e-9, 0.5, 0.25);
    expect(decision.ship).toBe(false);
    expect(decision.reason).toMatch(/^keep frozen: /);
  });

  test('never ships a NaN or infinite candidate loss', () => {
    for (const loss of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const decision = validationLossRule(loss, 0.5, 0.01);
      expect(decision.ship).toBe(false);
      expect(decision.reason).toBe(`the candidate's validation loss is ${loss}`);
    }
  });

  test('never ships against a frozen loss that is unknown (NaN)', () => {
    expect(validationLossRule(0.1, Number.NaN, 0.01).ship).toBe(false);
  });
});

const epochs = (losses: [number, number][]): FinetuneEpoch[] =>
  losses.map(([trainLoss, validationLoss], i) => ({
    epoch: i + 1,
    trainLoss,
    validationLoss,
    validationAccuracy: 0.9,
    seconds: 10,
  }));

describe('preregisteredRule', () => {
  const rule = { epochs: 3, maxDrop: 0.125 };
  const complete = epochs([
    [0.5, 0.4],
    [0.4, 0.35],
    [0.3, 0.33],
  ]);

  test('ships a complete run whose AUC is exactly at the floor', () => {
    // 0.875 − 0.125 = 0.75, all exactly representable.
    const decision = preregisteredRule(rule, complete, 0.75, 0.875);
    expect(decision.ship).toBe(true);
    expect(decision.reason).toMatch(/^ship: validation AUC 0\.7500 against the floor 0\.7500/);
  });

  test('does not ship an AUC just below the floor', () => {
    expect(preregisteredRule(rule, complete, 0.75 - 1e-9, 0.875)).toMatchObject({ ship: false });
  });

  test('does not ship a run that stopped before its epochs', () => {
    const decision = preregisteredRule(rule, complete.slice(0, 2), 0.99, 0.875);
    expect(decision).toEqual({ ship: false, reason: 'the run completed 2 of 3 epochs' });
  });

  test('does not ship a run with a non-finite epoch loss, train or validation', () => {
    const nanTrain = epochs([
      [0.5, 0.4],
      [Number.NaN, 0.35],
      [0.3, 0.33],
    ]);
    expect(preregisteredRule(rule, nanTrain, 0.99, 0.875)).toEqual({
      ship: false,
      reason: 'epoch 2 has a non-finite loss',
    });
    const infiniteValidation = epochs([
      [0.5, 0.4],
      [0.4, 0.35],
      [0.3, Number.POSITIVE_INFINITY],
    ]);
    expect(preregisteredRule(rule, infiniteValidation, 0.99, 0.875).reason).toBe('epoch 3 has a non-finite loss');
  });

  test('does not ship a NaN AUC, nor against a NaN reference', () => {
    expect(preregisteredRule(rule, complete, Number.NaN, 0.875)).toEqual({
      ship: false,
      reason: 'the validation AUC is NaN',
    });
    expect(preregisteredRule(rule, complete, 0.99, Number.NaN).ship).toBe(false);
  });
});

describe('frozenValidationLoss', () => {
  const meta = (chosen: string) =>
    ({
      selection: {
        rule: '',
        chosen,
        candidates: [
          { name: 'a', validationLoss: 0.4 },
          { name: 'b', validationLoss: 0.3 },
        ],
      },
    }) as unknown as Pick<HeadMeta, 'selection'>;

  test("is the chosen candidate's loss, NaN when the chosen one is not listed", () => {
    expect(frozenValidationLoss(meta('b'))).toBe(0.3);
    expect(frozenValidationLoss(meta('missing'))).toBeNaN();
  });
});

describe('chooseFromSweep', () => {
  const run = (name: string, validationLoss: number) => ({ name, validationLoss });

  test('chooses the lowest validation loss and ships it within the allowance', () => {
    const choice = chooseFromSweep([run('a', 0.31), run('b', 0.29), run('c', 0.3)], 0.285, 0.01);
    expect(choice.ranked.map((r) => r.name)).toEqual(['b', 'c', 'a']);
    expect(choice.best.name).toBe('b');
    expect(choice.ship).toBe(true);
  });

  test('keeps the frozen head when even the best run is too far above it', () => {
    expect(chooseFromSweep([run('a', 0.4), run('b', 0.35)], 0.3, 0.01)).toMatchObject({ ship: false });
  });

  test('ranks broken (non-finite) runs last and never chooses one over a finite run', () => {
    const runs = [run('nan', Number.NaN), run('a', 0.5), run('inf', Number.POSITIVE_INFINITY), run('b', 0.4)];
    expect(rankByValidationLoss(runs).map((r) => r.name)).toEqual(['b', 'a', 'nan', 'inf']);
    expect(chooseFromSweep(runs, 0.45, 0.01).best.name).toBe('b');
    expect(chooseFromSweep([run('nan', Number.NaN)], 0.45, 0.01).ship).toBe(false);
  });

  test('keeps the given order among ties and does not reorder its input', () => {
    const runs = [run('a', 0.3), run('b', 0.3), run('c', 0.2)];
    expect(rankByValidationLoss(runs).map((r) => r.name)).toEqual(['c', 'a', 'b']);
    expect(runs.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  test('needs at least one run', () => {
    expect(() => chooseFromSweep([], 0.3, 0.01)).toThrow(RangeError);
  });
});
