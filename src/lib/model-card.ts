/**
 * Model cards from the shipped heads' meta.json (and per-image test scores): read at build time, formatted for the
 * page. Pure data → rows; the page only lays them out.
 */
import type { HeadMeta, MetricSet } from './model/core/meta';
import type { Estimate } from './model/evaluation/metrics';
import { OPERATING_SENSITIVITY } from './model/evaluation/evaluate';
import { rocCurve } from './model/evaluation/metrics';
import { parseHeadMeta } from './model/core/meta';
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

export function testScores(task: TaskId): TestScoresFile | null {
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

/** Validation, test and Kermany side by side, one row per metric. */
export function metricRows(meta: HeadMeta): MetricRow[] {
  const v = meta.metrics.validation;
  const t = meta.metrics.test;
  const r = meta.reference;
  const refPercent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
  const rows: MetricRow[] = [
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
  const b = meta.baseline?.test;
  if (b) {
    const baseline = [
      formatPercent(b.accuracy),
      formatPercent(b.sensitivity),
      formatPercent(b.specificity),
      formatAuc(b.auc ?? b.urgentAuc),
    ];
    rows.forEach((row, i) => {
      row.baselineTest = baseline[i];
    });
  }
  const at = (m: MetricSet | null | undefined): string =>
    m?.atSensitivity ? formatPercent(m.atSensitivity.specificity) : '—';
  if (t?.atSensitivity !== undefined || v.atSensitivity !== undefined) {
    // Kermany et al. report one operating point; their specificity is a reference only where its sensitivity is 93 %.
    const sameOperatingPoint = r?.sensitivity !== undefined && Math.abs(r.sensitivity - OPERATING_SENSITIVITY) < 0.01;
    rows.push({
      name: `Specificity at sensitivity ≥ ${OPERATING_SENSITIVITY * 100} % (read off the ROC curve)`,
      validation: at(v),
      test: at(t),
      reference: sameOperatingPoint ? refPercent(r?.specificity) : '—',
      ...(b ? { baselineTest: at(b) } : {}),
    });
  }
  if (v.weightedError !== undefined) {
    rows.push({
      name: "Kermany's weighted error (lower is better)",
      validation: v.weightedError.toFixed(3),
      test: t?.weightedError?.toFixed(3) ?? '—',
      reference: r?.weightedError?.toFixed(3) ?? '—',
    });
  }
  return rows;
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

export type { HeadMeta, MetricSet };
