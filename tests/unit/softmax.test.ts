/** The softmax with a temperature: tfjs and the step-by-step arithmetic agree; the state's updates keep the ranges. */
import { describe, expect, test } from 'vitest';
import { crossEntropy, softmaxOnRuntime, softmaxSteps, SoftmaxError } from '../../src/lib/model/lessons/softmax';
import {
  DEFAULT_SOFTMAX,
  shifted,
  softmaxUrlState,
  withScore,
  withTemperature,
} from '../../src/components/SoftmaxTemperature/state';
import { leakCheckedTf } from './leak-checked-tf';

const tf = await leakCheckedTf();

describe('softmax', () => {
  test('chapter 1’s worked example: (2.0, 0.5, 0.1, −1.0) → (0.703, 0.157, 0.105, 0.035)', async () => {
    const p = await softmaxOnRuntime(tf, [2, 0.5, 0.1, -1], 1);
    expect(p.map((v) => Number(v.toFixed(3)))).toEqual([0.703, 0.157, 0.105, 0.035]);
    softmaxSteps([2, 0.5, 0.1, -1], 1).probabilities.forEach((v, i) => expect(v).toBeCloseTo(p[i] ?? 0, 6));
  });

  test('adding a constant changes nothing; the temperature keeps the order and sharpens or flattens', async () => {
    const base = softmaxSteps([2, 0.5, 0.1, -1], 1).probabilities;
    const moved = softmaxSteps([7, 5.5, 5.1, 4], 1).probabilities;
    moved.forEach((p, i) => expect(p).toBeCloseTo(base[i] ?? 0, 12));
    const cold = await softmaxOnRuntime(tf, [2, 0.5, 0.1, -1], 0.2);
    const hot = await softmaxOnRuntime(tf, [2, 0.5, 0.1, -1], 5);
    expect(cold[0]).toBeGreaterThan(0.99);
    expect(Math.max(...hot) - Math.min(...hot)).toBeLessThan(0.2);
    expect(cold.indexOf(Math.max(...cold))).toBe(hot.indexOf(Math.max(...hot)));
  });

  test('large scores do not overflow; the penalty is −log p of the true class', () => {
    const steps = softmaxSteps([1000, 999], 1);
    expect(steps.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(crossEntropy([0.25, 0.75], 1)).toBeCloseTo(-Math.log(0.75), 12);
  });

  test('bad input is refused in words', async () => {
    expect(() => softmaxSteps([1], 1)).toThrow(SoftmaxError);
    expect(() => softmaxSteps([1, 2], 0)).toThrow('temperature must be above 0');
    await expect(softmaxOnRuntime(tf, [1, Number.NaN], 1)).rejects.toThrow('finite');
    expect(() => crossEntropy([0.5, 0.5], 2)).toThrow('no class 2');
  });
});

describe('softmax widget state', () => {
  test('sliders clamp and snap; shifting keeps every score in range and the differences intact', () => {
    expect(withScore(DEFAULT_SOFTMAX, 0, 9).scores[0]).toBe(6);
    expect(withTemperature(DEFAULT_SOFTMAX, 0.01).temperature).toBe(0.2);
    const up = shifted(shifted(DEFAULT_SOFTMAX, 1), 1);
    expect(up.scores).toEqual([4, 2.5, 2.1, 1]);
    const capped = shifted(withScore(DEFAULT_SOFTMAX, 0, 5.5), 1);
    expect(capped.scores).toEqual([6, 1, 0.6, -0.5]);
  });

  test('a link asking for too much is clamped with a note', () => {
    const { state, notes } = softmaxUrlState.parse(new URLSearchParams('sm.t=50&sm.z=1_2_3_40&sm.y=CAT'));
    expect(state).toEqual({ scores: [1, 2, 3, 6], temperature: 5, truth: 'CNV' });
    expect(notes.length).toBe(3);
  });
});
