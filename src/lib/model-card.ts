/**
 * Model cards from the shipped heads' meta.json (and per-image test scores): read at build time, formatted for the
 * page. Pure data → rows; the page only lays them out.
 */
import type { HeadMeta, MetricSet } from './model/core/meta';
import type { Estimate } from './model/evaluation/metrics';
import { OPERATING_SENSITIVITY } from './model/evaluation/evaluate';
import { rocCurve } from './model/evaluation/metrics';
import { parseHeadMeta } from './model/core/meta';
import { operatingPoints } from './operating-points';
import type { TaskId } from './model/core/tasks';

const metas = import.meta.glob<{ default: unknown }>('/public/weights/heads/*/meta.json', { eager: true });
const scores = import.meta.glob<{ default: TestScoresFile }>('/public/weights/heads/*/test-scores.json', {
  eager: true,
});

interface TestScoresFile {
  task: string;
  classes: string[];
  rows: { id: string; truth: number; probabilities: number[] }[];
}

export function shippedHeads(): HeadMeta[] {
  return Object.values(metas)
    .map((module) => parseHeadMeta(module.default))
    .sort((a, b) => a.task.localeCompare(b.task));
}

function testScores(task: TaskId): TestScoresFile | null {
  return Object.entries(scores).find(([path]) => path.includes(`/heads/${task}/`))?.[1].default ?? null;
}

export function formatPercent(e: Estimate | undefined): string {
  if (!e || Number.isNaN(e.value)) return '—';
  return `${(e.value * 100).toFixed(1)} % (${(e.low * 100).toFixed(1)}–${(e.high * 100).toFixed(1)})`;
}

export function formatAuc(e: Estimate | undefined): string {
  if (!e || Number.isNaN(e.value)) return '—';
  return `${e.value.toFixed(3)} (${e.low.toFixed(3)}–${e.high.toFixed(3)})`;
}

export interface MetricRow {
  name: string;
  validation: string;
  test: string;
  reference: string;
  /** The frozen-feature baseline's test value, for fine-tuned heads. */
  baselineTest?: string;
}

const refPercent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

/** Specificity at the operating sensitivity, read off the ROC curve, or a dash when the set has none. */
const specificityAtOperatingPoint = (m: MetricSet | null | undefined): string =>
  m?.atSensitivity ? formatPercent(m.atSensitivity.specificity) : '—';

/** Accuracy, sensitivity, specificity and ROC AUC: the four rows every head has. */
function headlineRows(meta: HeadMeta): MetricRow[] {
  const v = meta.metrics.validation;
  const t = meta.metrics.test;
  const r = meta.reference;
  return [
    {
      name: 'Accuracy',
      validation: formatPercent(v.accuracy),
      test: formatPercent(t?.accuracy),
      reference: refPercent(r?.accuracy),
    },
    {
      name:
        meta.classes.length > 2
          ? 'Sensitivity (urgent: CNV or DME)'
          : `Sensitivity (${meta.positive.join(', ').toLowerCase()})`,
      validation: formatPercent(v.sensitivity),
      test: formatPercent(t?.sensitivity),
      reference: refPercent(r?.sensitivity),
    },
    {
      name: 'Specificity',
      validation: formatPercent(v.specificity),
      test: formatPercent(t?.specificity),
      reference: refPercent(r?.specificity),
    },
    {
      name: meta.classes.length > 2 ? 'ROC AUC (urgent referral)' : 'ROC AUC',
      validation: formatAuc(v.auc ?? v.urgentAuc),
      test: formatAuc(t?.auc ?? t?.urgentAuc),
      reference: r?.auc?.toFixed(3) ?? '—',
    },
  ];
}

/** The frozen-feature baseline's test values, in the order of the headline rows. */
function baselineColumn(b: MetricSet): string[] {
  return [
    formatPercent(b.accuracy),
    formatPercent(b.sensitivity),
    formatPercent(b.specificity),
    formatAuc(b.auc ?? b.urgentAuc),
  ];
}

/**
 * Kermany's operating point, done two ways. Chosen on validation (the threshold reaching sensitivity ≥ 93 % on the
 * validation scores, then applied to test): the only one that may stand beside Kermany et al.'s figures. Read off
 * the test ROC: optimistic (the test split chose its own threshold), so it gets no reference beside it.
 */
function operatingPointRows(meta: HeadMeta): MetricRow[] {
  const v = meta.metrics.validation;
  const t = meta.metrics.test;
  const r = meta.reference;
  const b = meta.baseline?.test;
  if (t?.atSensitivity === undefined && v.atSensitivity === undefined) return [];
  // Kermany et al. report one operating point; their figures are a reference only where its sensitivity is 93 %.
  const sameOperatingPoint = r?.sensitivity !== undefined && Math.abs(r.sensitivity - OPERATING_SENSITIVITY) < 0.01;
  const honest = operatingPoints(meta)?.honest;
  const target = `${OPERATING_SENSITIVITY * 100} %`;
  const rows: MetricRow[] = honest
    ? [
        {
          name: `Sensitivity at the threshold chosen on validation for sensitivity ≥ ${target} (${honest.threshold.toFixed(3)})`,
          validation: formatPercent(honest.validation.sensitivity),
          test: formatPercent(honest.test.sensitivity),
          reference: sameOperatingPoint ? refPercent(r?.sensitivity) : '—',
        },
        {
          name: 'Specificity at that threshold',
          validation: formatPercent(honest.validation.specificity),
          test: formatPercent(honest.test.specificity),
          reference: sameOperatingPoint ? refPercent(r?.specificity) : '—',
        },
      ]
    : [];
  rows.push({
    name: `Specificity at sensitivity ≥ ${target}, read off each set's own ROC (on test: optimistic, not comparable)`,
    validation: specificityAtOperatingPoint(v),
    test: specificityAtOperatingPoint(t),
    reference: '—',
    ...(b ? { baselineTest: specificityAtOperatingPoint(b) } : {}),
  });
  return rows;
}

/** Kermany's class-weighted error, for heads whose validation set reports it. */
function weightedErrorRow(meta: HeadMeta): MetricRow | null {
  const v = meta.metrics.validation;
  if (v.weightedError === undefined) return null;
  return {
    name: "Kermany's weighted error (lower is better)",
    validation: v.weightedError.toFixed(3),
    test: meta.metrics.test?.weightedError?.toFixed(3) ?? '—',
    reference: meta.reference?.weightedError?.toFixed(3) ?? '—',
  };
}

/** Validation, test and Kermany side by side, one row per metric. */
export function metricRows(meta: HeadMeta): MetricRow[] {
  const rows = headlineRows(meta);
  const b = meta.baseline?.test;
  if (b) {
    const baseline = baselineColumn(b);
    rows.forEach((row, i) => {
      row.baselineTest = baseline[i];
    });
  }
  const weighted = weightedErrorRow(meta);
  return [...rows, ...operatingPointRows(meta), ...(weighted ? [weighted] : [])];
}

/** Percentage points between validation and test accuracy: how far the training folder's world is from the test's. */
export function validationTestGap(meta: HeadMeta): number | null {
  const t = meta.metrics.test;
  return t ? (meta.metrics.validation.accuracy.value - t.accuracy.value) * 100 : null;
}

export function rocPoints(task: TaskId, meta: HeadMeta): { fpr: number; tpr: number }[] {
  const file = testScores(task);
  if (!file) return [];
  const positive = meta.classes.map((c, i) => (meta.positive.includes(c) ? i : -1)).filter((i) => i >= 0);
  const score = file.rows.map((row) => positive.reduce((sum, i) => sum + (row.probabilities[i] ?? 0), 0));
  return rocCurve(
    score,
    file.rows.map((row) => positive.includes(row.truth)),
  );
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export type { HeadMeta };

/** Below this many scans on either side of an AUC (positive or negative), its DeLong interval gets a caveat. */
const SMALL_AUC_SIDE = 20;

/**
 * A caveat for a metric set too small for its DeLong AUC interval (OCT's validation patients, for one): DeLong's
 * interval is a large-sample approximation and can be far too narrow with a handful of scans per side. Null when
 * the set has no AUC or enough scans on both sides.
 */
export function smallAucCaveat(set: MetricSet, positiveName: string): string | null {
  const auc = set.auc ?? set.urgentAuc;
  const positives = set.sensitivity?.total;
  const negatives = set.specificity?.total;
  if (!auc || positives === undefined || negatives === undefined) return null;
  if (Math.min(positives, negatives) >= SMALL_AUC_SIDE) return null;
  return (
    `Only ${set.n} scans here (${positives} ${positiveName}, ${negatives} not): every interval in this column is rough, ` +
    'and the DeLong interval for the AUC least of all. It rests on a large-sample approximation that can be far too ' +
    `narrow with so few scans on each side${auc.high >= 1 ? ', and here it is simply cut off at 1' : ''}. ` +
    'Read this AUC as a sketch, not an estimate.'
  );
}
