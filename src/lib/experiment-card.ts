/**
 * The model card's view of a pre-registered experiment, from meta.json alone: the shipped model's own record when
 * the rule shipped it, or the record kept beside the unchanged model when it did not ("tried, and not shipped").
 */
import type { HeadMeta, MetricSet, PreregisteredTrial } from './model/core/meta';
import type { ReferenceResult } from './model/evaluation/reference';
import { formatAuc, formatPercent } from './model-card';

export interface ExperimentView {
  shipped: boolean;
  trial: PreregisteredTrial;
  reference: ReferenceResult | null;
}

/** The experiment a card reports, or null when the head has none. */
export function experimentOf(meta: HeadMeta): ExperimentView | null {
  const reference = meta.reference;
  if (meta.preregistration && meta.previous && meta.finetuning) {
    return {
      shipped: true,
      reference,
      trial: {
        name: meta.selection.chosen,
        preregistration: meta.preregistration,
        finetuning: meta.finetuning,
        validation: meta.metrics.validation,
        test: meta.metrics.test,
        previous: meta.previous,
      },
    };
  }
  return meta.preregisteredTrial ? { shipped: false, reference, trial: meta.preregisteredTrial } : null;
}

export interface ComparisonRow {
  name: string;
  candidate: string;
  previous: string;
  reference: string;
}

const referencePercent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

/** Test metrics of the candidate beside the model it was compared with and Kermany et al.'s. */
export function comparisonRows(view: ExperimentView): ComparisonRow[] {
  const c: MetricSet | null = view.trial.test;
  const p: MetricSet | null = view.trial.previous.test;
  const r = view.reference;
  const row = (name: string, pick: (m: MetricSet) => string, reference: string): ComparisonRow => ({
    name,
    candidate: c ? pick(c) : 'not scored yet',
    previous: p ? pick(p) : '—',
    reference,
  });
  return [
    row('Accuracy', (m) => formatPercent(m.accuracy), referencePercent(r?.accuracy)),
    row('Sensitivity', (m) => formatPercent(m.sensitivity), referencePercent(r?.sensitivity)),
    row('Specificity', (m) => formatPercent(m.specificity), referencePercent(r?.specificity)),
    row('ROC AUC', (m) => formatAuc(m.auc), r?.auc?.toFixed(3) ?? '—'),
  ];
}

/** "only the candidate right b, only the previous right c, exact p" in words, or null before the test scoring. */
export function mcnemarSentence(view: ExperimentView): string | null {
  const m = view.trial.previous.mcnemar;
  if (!m) return null;
  const p = m.pExact < 0.001 ? m.pExact.toExponential(1) : m.pExact.toFixed(3);
  return (
    `On the ${m.n} test films both models scored, the fine-tuned model alone was right on ${m.onlyA} and the ` +
    `previous model alone on ${m.onlyB} (both right ${m.bothRight}, both wrong ${m.bothWrong}); McNemar's exact ` +
    `test gives p = ${p}.`
  );
}
