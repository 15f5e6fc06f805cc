/** Turns a head's probabilities on a labelled set into the task's metric set (the same code for validation and test). */
import type { MetricSet } from '../core/meta';
import {
  argmax,
  binaryReport,
  confusionMatrix,
  kermanyWeightedError,
  rocAuc,
  specificityAtSensitivity,
  wilson,
} from './metrics';
import type { TaskInfo } from '../core/tasks';

/** Kermany et al.'s chest X-ray sensitivity (93.2 %), rounded down: where specificity is compared. */
export const OPERATING_SENSITIVITY = 0.93;

/**
 * `probabilities[i]` are the class probabilities of example i in task order; `truth[i]` its class index.
 * Binary tasks are called at `threshold` on the positive class's probability.
 */
export function metricSet(
  task: TaskInfo,
  probabilities: readonly ArrayLike<number>[],
  truth: readonly number[],
  threshold = 0.5,
): MetricSet {
  const positiveIndex = task.classes.map((name, i) => (task.positive.includes(name) ? i : -1)).filter((i) => i >= 0);
  const positiveScore = probabilities.map((p) => positiveIndex.reduce((sum, i) => sum + (p[i] as number), 0));
  const isPositive = truth.map((t) => positiveIndex.includes(t));
  if (task.classes.length === 2) {
    const report = binaryReport(positiveScore, isPositive, threshold);
    const [tn, fp] = report.confusion[0] as number[];
    const [fn, tp] = report.confusion[1] as number[];
    // Rows/columns in class order: the negative class is index 0 for every binary task.
    return {
      n: truth.length,
      accuracy: report.accuracy,
      sensitivity: report.sensitivity,
      specificity: report.specificity,
      auc: report.auc,
      confusion: [
        [tn ?? 0, fp ?? 0],
        [fn ?? 0, tp ?? 0],
      ],
      atSensitivity: specificityAtSensitivity(positiveScore, isPositive, OPERATING_SENSITIVITY),
    };
  }
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(truth, predicted, task.classes.length);
  const correct = confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  const urgentCalled = predicted.map((p) => positiveIndex.includes(p));
  const tp = urgentCalled.filter((c, i) => c && isPositive[i]).length;
  const tn = urgentCalled.filter((c, i) => !c && !isPositive[i]).length;
  return {
    n: truth.length,
    accuracy: wilson(correct, truth.length),
    sensitivity: wilson(tp, isPositive.filter(Boolean).length),
    specificity: wilson(tn, isPositive.filter((p) => !p).length),
    urgentAuc: rocAuc(positiveScore, isPositive),
    weightedError: kermanyWeightedError(confusion, task.classes),
    confusion,
  };
}
