/**
 * The model card compares Kermany et al.'s fixed operating point only with the one chosen on validation and applied
 * to test; the point read off the test ROC is labelled optimistic and has no reference beside it.
 */
import { expect, test } from 'vitest';
import { metricRows, shippedHeads } from '../../src/lib/model-card';
import { operatingPoints } from '../../src/lib/operating-points';

test('the CXR card puts Kermany beside the validation-chosen point only', () => {
  const meta = shippedHeads().find((m) => m.task === 'cxr')!;
  const rows = metricRows(meta);
  const honest = operatingPoints(meta)!.honest!;
  // The threshold came from validation: there, sensitivity reaches the target; on test it is whatever it is.
  expect(honest.validation.sensitivity.value).toBeGreaterThanOrEqual(0.93);
  expect(honest.threshold).toBeCloseTo(meta.metrics.validation.atSensitivity?.threshold ?? Number.NaN, 4);
  const sens = rows.find((r) => r.name.startsWith('Sensitivity at the threshold chosen on validation'))!;
  expect(sens.reference).toBe(`${(meta.reference!.sensitivity! * 100).toFixed(1)} %`);
  expect(sens.test.startsWith(`${(honest.test.sensitivity.value * 100).toFixed(1)} %`)).toBe(true);
  const optimistic = rows.find((r) => r.name.includes('optimistic'))!;
  expect(optimistic.reference).toBe('—');
});

test('a multi-class head has no binary operating point', () => {
  expect(operatingPoints(shippedHeads().find((m) => m.task === 'oct')!)).toBeNull();
});
