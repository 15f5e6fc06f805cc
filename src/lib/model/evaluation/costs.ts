/**
 * What errors cost. Kermany et al.'s OCT penalty matrix (an urgent case — CNV or DME — called normal costs 4, called
 * drusen 2, any other error 1) as a matrix any confusion can be weighed with, their referral triage (urgent,
 * routine, observation), and a two-class expected cost per film for the chest X-ray (missed pneumonia vs alarm).
 */

/** Kermany's referral category of an OCT class. */
function referralOf(name: string): 'urgent' | 'routine' | 'observation' {
  if (name === 'CNV' || name === 'DME') return 'urgent';
  return name === 'DRUSEN' ? 'routine' : 'observation';
}

export const REFERRALS = ['urgent', 'routine', 'observation'] as const;

/** costs[t][p]: Kermany's penalty for truth t called p (0 on the diagonal). */
export function kermanyPenalties(classes: readonly string[]): number[][] {
  return classes.map((truth, t) =>
    classes.map((called, p) => {
      if (t === p) return 0;
      if (referralOf(truth) === 'urgent' && called === 'NORMAL') return 4;
      if (referralOf(truth) === 'urgent' && called === 'DRUSEN') return 2;
      return 1;
    }),
  );
}

/** Σ costs[t][p] · confusion[t][p] / n: the mean penalty per case (NaN for an empty confusion). */
export function weightedError(
  confusion: readonly (readonly number[])[],
  costs: readonly (readonly number[])[],
): number {
  let cost = 0;
  let total = 0;
  confusion.forEach((row, t) =>
    row.forEach((count, p) => {
      total += count;
      cost += (costs[t]?.[p] ?? 0) * count;
    }),
  );
  return total === 0 ? Number.NaN : cost / total;
}

/** triage[r][s]: how many cases of true referral r the model sends to referral s (rows/cols in REFERRALS order). */
export function triageCounts(confusion: readonly (readonly number[])[], classes: readonly string[]): number[][] {
  const triage = REFERRALS.map(() => REFERRALS.map(() => 0));
  confusion.forEach((row, t) =>
    row.forEach((count, p) => {
      const r = REFERRALS.indexOf(referralOf(classes[t] ?? ''));
      const s = REFERRALS.indexOf(referralOf(classes[p] ?? ''));
      (triage[r] as number[])[s] = ((triage[r] as number[])[s] ?? 0) + count;
    }),
  );
  return triage;
}

/** Mean cost per film of a binary decision: (missCost · FN + alarmCost · FP) / n. */
export function binaryCost(
  counts: { tp: number; fp: number; tn: number; fn: number },
  missCost: number,
  alarmCost: number,
): number {
  const n = counts.tp + counts.fp + counts.tn + counts.fn;
  return n === 0 ? Number.NaN : (missCost * counts.fn + alarmCost * counts.fp) / n;
}

/**
 * The threshold that minimises missCost · FN + alarmCost · FP on the given (VALIDATION) scores, over every distinct
 * score as a threshold (≥ calls positive) and "call nothing"; ties go to the higher threshold.
 */
export function costMinimisingThreshold(
  scores: readonly number[],
  isPositive: readonly boolean[],
  missCost: number,
  alarmCost: number,
): number {
  const order = scores.map((s, i) => ({ s, p: isPositive[i] === true })).sort((a, b) => b.s - a.s);
  let fn = order.filter((o) => o.p).length;
  let fp = 0;
  let best = { threshold: Number.POSITIVE_INFINITY, cost: missCost * fn };
  order.forEach((o, i) => {
    if (o.p) fn--;
    else fp++;
    if (i < order.length - 1 && (order[i + 1] as { s: number }).s === o.s) return;
    const cost = missCost * fn + alarmCost * fp;
    if (cost < best.cost - 1e-12) best = { threshold: o.s, cost };
  });
  return best.threshold;
}
