/** McNemar's test against hand-worked tables. */
import { describe, expect, test } from 'vitest';
import { binaryCorrect, mcnemar, pairedMcNemar, PairingError } from '../../src/lib/model/evaluation/paired';

const decisions = (onlyA: number, onlyB: number, bothRight: number, bothWrong: number): [boolean[], boolean[]] => {
  const a = [
    ...Array(onlyA).fill(true),
    ...Array(onlyB).fill(false),
    ...Array(bothRight).fill(true),
    ...Array(bothWrong).fill(false),
  ];
  const b = [
    ...Array(onlyA).fill(false),
    ...Array(onlyB).fill(true),
    ...Array(bothRight).fill(true),
    ...Array(bothWrong).fill(false),
  ];
  return [a, b];
};

describe('mcnemar', () => {
  test('b = 1, c = 9: exact p = 2 · (1 + 10) / 2¹⁰ = 0.021484375; χ² = (8 − 1)² / 10 = 4.9', () => {
    const result = mcnemar(...decisions(1, 9, 50, 5));
    expect(result).toMatchObject({ onlyA: 1, onlyB: 9, bothRight: 50, bothWrong: 5 });
    expect(result.pExact).toBeCloseTo(0.021484375, 12);
    expect(result.chiSquare).toBeCloseTo(4.9, 12);
    // P(χ²₁ > 4.9) = erfc(√2.45) = 0.026857 (tables).
    expect(result.pChiSquare).toBeCloseTo(0.026857, 5);
  });

  test('symmetric disagreement gives p = 1; no disagreement gives p = 1', () => {
    expect(mcnemar(...decisions(4, 4, 10, 0)).pExact).toBe(1);
    expect(mcnemar(...decisions(0, 0, 10, 3))).toMatchObject({ pExact: 1, chiSquare: 0, pChiSquare: 1 });
  });

  test('b = 0, c = 6: exact p = 2 / 2⁶ = 0.03125', () => {
    expect(mcnemar(...decisions(0, 6, 0, 0)).pExact).toBeCloseTo(0.03125, 12);
  });

  test('unequal lengths are refused', () => {
    expect(() => mcnemar([true], [true, false])).toThrow(PairingError);
  });
});

describe('pairedMcNemar', () => {
  test('pairs by image id and calls each model at its own threshold', () => {
    const a = binaryCorrect(
      [
        { id: 'x', truth: 1, probabilities: [0.2, 0.8] },
        { id: 'y', truth: 0, probabilities: [0.6, 0.4] },
        { id: 'z', truth: 0, probabilities: [0.3, 0.7] },
      ],
      1,
      0.5,
    );
    const b = binaryCorrect(
      [
        { id: 'z', truth: 0, probabilities: [0.3, 0.7] },
        { id: 'x', truth: 1, probabilities: [0.2, 0.8] },
      ],
      1,
      0.75,
    );
    // x: both right; z: A calls it positive (wrong), B (threshold 0.75) calls it negative (right); y: only A scored.
    expect(pairedMcNemar(a, b)).toMatchObject({ n: 2, bothRight: 1, onlyB: 1, onlyA: 0 });
  });
});
