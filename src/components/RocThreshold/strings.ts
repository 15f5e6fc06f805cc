/** Every user-visible string of the ROC explorer's script (the static markup is in RocThreshold.astro). */
import type { Estimate } from '../../lib/model/evaluation/metrics';
import type { Cell } from './state';

const pct = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

const percent = (x: number): string => (Number.isFinite(x) ? `${pct.format(x * 100)} %` : '—');

/** "86.9 % (84.0–89.3)": the form the model card uses. */
export function estimate(e: Estimate): string {
  if (!Number.isFinite(e.value)) return '—';
  return `${pct.format(e.value * 100)} % (${pct.format(e.low * 100)}–${pct.format(e.high * 100)})`;
}

export function auc(e: Estimate): string {
  return `${e.value.toFixed(3)} (${e.low.toFixed(3)}–${e.high.toFixed(3)})`;
}

export const threshold = (t: number): string => t.toFixed(5).replace(/0+$/, '').replace(/\.$/, '.0');

const CELL_NAMES: Record<Exclude<Cell, 'none'>, string> = {
  tp: 'true positives',
  fn: 'false negatives (missed)',
  fp: 'false positives (false alarms)',
  tn: 'true negatives',
};

export const STRINGS = {
  loading: 'Loading the test scores…',
  cellName: (cell: Exclude<Cell, 'none'>): string => CELL_NAMES[cell],
  cellButton: (cell: Exclude<Cell, 'none'>, count: number): string =>
    `${whole.format(count)} ${CELL_NAMES[cell]}: show their scans`,
  ready: (n: number, t: number): string =>
    `${whole.format(n)} test images; called ${'positive'} when the score is at least ${threshold(t)}.`,
  chartLabel: (task: string, aucText: string, fpr: number, tpr: number, t: number): string =>
    `ROC curve of the ${task} head on the test split, AUC ${aucText}. The point at threshold ${threshold(t)} is at ` +
    `false-positive rate ${percent(fpr)}, true-positive rate ${percent(tpr)}. Arrow keys step along the curve.`,
  validationPoint: (target: number, t: number): string =>
    `Chosen on validation for sensitivity ≥ ${pct.format(target * 100)} %: threshold ${threshold(t)}`,
  testPoint: (target: number, t: number): string =>
    `Read off the test ROC for sensitivity ≥ ${pct.format(target * 100)} % (optimistic): threshold ${threshold(t)}`,
  scansHeading: (cell: Exclude<Cell, 'none'>, count: number): string =>
    `${whole.format(count)} ${CELL_NAMES[cell]}, most confident first`,
  noScansInstalled:
    'The scans are not installed here (npm run setup with the Kermany data copies the whole test split); the scores are listed instead.',
  galleryOnly: (shown: number, total: number): string =>
    `Only the gallery is installed: ${whole.format(shown)} of these ${whole.format(total)} scans can be shown (npm run setup copies the whole test split).`,
  scanAlt: (label: string, id: string, score: number, positive: string): string =>
    `Test scan ${id}, truly ${label.toLowerCase()}; the model gave p(${positive.toLowerCase()}) = ${score.toFixed(3)}`,
  scanCaption: (id: string, score: number, positive: string): string =>
    `${id}: p(${positive.toLowerCase()}) ${score.toFixed(3)}`,
  more: (n: number): string => `Show ${whole.format(n)} more`,
  explain: 'Where did the network look?',
  positiveNote: (positive: string, negative: string): string =>
    `Positive: ${positive.toLowerCase()}; negative: ${negative.toLowerCase()}.`,
  empty: 'No scans in this cell at this threshold.',
} as const;
