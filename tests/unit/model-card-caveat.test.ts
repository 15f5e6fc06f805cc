/** The model card warns where a DeLong AUC interval rests on too few scans (OCT's validation patients), and only there. */
import { describe, expect, test } from 'vitest';
import { shippedHeads, smallAucCaveat } from '../../src/lib/model-card';
import type { MetricSet } from '../../src/lib/model/core/meta';

const estimate = (count: number, total: number) => ({ value: count / total, low: 0, high: 1, count, total });

function metricSet(positives: number, negatives: number, aucHigh: number): MetricSet {
  return {
    n: positives + negatives,
    accuracy: estimate(positives, positives + negatives),
    sensitivity: estimate(positives, positives),
    specificity: estimate(negatives, negatives),
    auc: { value: 0.9, low: 0.8, high: aucHigh },
    confusion: [],
  };
}

describe('smallAucCaveat', () => {
  test('a handful of scans per side gets the caveat, with its counts, and says when the interval hits 1', () => {
    const text = smallAucCaveat(metricSet(7, 6, 1), 'CNV or DME');
    expect(text).toContain('Only 13 scans here (7 CNV or DME, 6 not)');
    expect(text).toContain('cut off at 1');
    expect(smallAucCaveat(metricSet(7, 6, 0.99), 'CNV or DME')).not.toContain('cut off at 1');
  });

  test('enough scans on both sides, or no AUC, gets none', () => {
    expect(smallAucCaveat(metricSet(200, 150, 1), 'pneumonia')).toBeNull();
    expect(smallAucCaveat({ ...metricSet(7, 6, 1), auc: undefined }, 'x')).toBeNull();
  });

  test('the shipped OCT head’s validation column gets it, from its own meta.json', () => {
    const oct = shippedHeads().find((meta) => meta.task === 'oct');
    if (!oct) return;
    const { validation } = oct.metrics;
    const small = Math.min(validation.sensitivity?.total ?? 0, validation.specificity?.total ?? 0) < 20;
    expect(smallAucCaveat(validation, oct.positive.join(' or ')) !== null).toBe(small);
    if (small) expect(smallAucCaveat(validation, 'urgent')).toContain(`Only ${validation.n} scans`);
  });
});
