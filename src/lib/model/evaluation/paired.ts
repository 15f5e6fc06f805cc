/**
 * Comparing two models on the same test images: McNemar's test on the paired correct/incorrect decisions. Only the
 * images where the models disagree (b: only A right, c: only B right) carry information; with b + c small the exact
 * binomial test is the honest one, so it is the p-value reported; the continuity-corrected χ² is given beside it.
 */

export interface McNemar {
  /** Images both models got right / only A / only B / neither. */
  bothRight: number;
  onlyA: number;
  onlyB: number;
  bothWrong: number;
  /** Exact two-sided p: 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1. */
  pExact: number;
  /** (|b − c| − 1)² / (b + c), and its p from χ² with one degree of freedom. */
  chiSquare: number;
  pChiSquare: number;
}

export class PairingError extends Error {}

/** log(n!) by summation: exact enough for the few thousand images a test split holds. */
function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/** P(X ≤ k) for X ~ Binomial(n, ½). */
function binomialHalfCdf(k: number, n: number): number {
  const logN = logFactorial(n);
  let total = 0;
  for (let i = 0; i <= k; i++) total += Math.exp(logN - logFactorial(i) - logFactorial(n - i) - n * Math.LN2);
  return total;
}

/** erfc via the Numerical Recipes rational approximation (fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** McNemar's test from per-image correctness of models A and B (same images, same order). */
export function mcnemar(aCorrect: readonly boolean[], bCorrect: readonly boolean[]): McNemar {
  if (aCorrect.length !== bCorrect.length) {
    throw new PairingError(`Paired decisions need the same images: ${aCorrect.length} vs ${bCorrect.length}.`);
  }
  const counts = { bothRight: 0, onlyA: 0, onlyB: 0, bothWrong: 0 };
  aCorrect.forEach((a, i) => {
    const b = bCorrect[i] as boolean;
    if (a && b) counts.bothRight++;
    else if (a) counts.onlyA++;
    else if (b) counts.onlyB++;
    else counts.bothWrong++;
  });
  const discordant = counts.onlyA + counts.onlyB;
  if (discordant === 0) return { ...counts, pExact: 1, chiSquare: 0, pChiSquare: 1 };
  const pExact = Math.min(1, 2 * binomialHalfCdf(Math.min(counts.onlyA, counts.onlyB), discordant));
  const chiSquare = (Math.abs(counts.onlyA - counts.onlyB) - 1) ** 2 / discordant;
  return { ...counts, pExact, chiSquare, pChiSquare: erfc(Math.sqrt(chiSquare / 2)) };
}

export interface ScoredImage {
  id: string;
  truth: number;
  probabilities: readonly number[];
}

/** Correct/incorrect per image for a binary head called at `threshold` on class `positive`'s probability. */
export function binaryCorrect(rows: readonly ScoredImage[], positive: number, threshold: number): Map<string, boolean> {
  return new Map(
    rows.map((r) => [r.id, ((r.probabilities[positive] ?? 0) >= threshold ? positive : 1 - positive) === r.truth]),
  );
}

/** Pairs two models' decisions by image id (only images both scored), then runs McNemar's test. */
export function pairedMcNemar(
  a: ReadonlyMap<string, boolean>,
  b: ReadonlyMap<string, boolean>,
): McNemar & { n: number } {
  const ids = [...a.keys()].filter((id) => b.has(id));
  const result = mcnemar(
    ids.map((id) => a.get(id) as boolean),
    ids.map((id) => b.get(id) as boolean),
  );
  return { ...result, n: ids.length };
}
