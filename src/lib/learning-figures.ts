/**
 * The figures chapter 6 quotes, computed at build time from files scripts wrote: the precomputed feature set
 * (npm run export-features) and the measured gradient-descent runs (npm run measure-learn). Nothing here is typed in.
 */
import runs from '../../public/weights/features/cxr/descent-runs.json';
import features from '../../public/weights/features/cxr/features.json';
import { HIDDEN, majorityAccuracy, type DescentPoint } from './model/training/descent';
import type { Estimate } from './model/evaluation/metrics';
import { accuracyEstimate } from './learning-format';

export { percentWithInterval } from './learning-format';

const validationCount = features.splits.validation.count;

/** Validation accuracy of a point as a proportion of the validation films, with its 95 % Wilson interval. */
function accuracyOf(point: DescentPoint): Estimate {
  return accuracyEstimate(point.validationAccuracy, validationCount);
}

function last(history: readonly DescentPoint[]): DescentPoint {
  const point = history[history.length - 1];
  if (!point) throw new Error('descent-runs.json holds an empty run; rerun npm run measure-learn.');
  return point;
}

const stated = last(runs.stated.history);
const overfitHistory = runs.overfit.history;
const best = overfitHistory.reduce((a, b) => (b.validationLoss < a.validationLoss ? b : a));
const overfitLast = last(overfitHistory);

export const learning = {
  dimension: features.dimension,
  hidden: HIDDEN,
  train: features.splits.train.count,
  validation: validationCount,
  classes: features.classes,
  majority: majorityAccuracy(features.splits.validation.labels),
  backend: runs.backend,
  stated: {
    config: runs.stated.config,
    epochs: runs.stated.epochs,
    accuracy: accuracyOf(stated),
    trainLoss: stated.trainLoss,
    validationLoss: stated.validationLoss,
  },
  overfit: {
    config: runs.overfit.config,
    epochs: runs.overfit.epochs,
    bestEpoch: best.epoch,
    bestLoss: best.validationLoss,
    bestAccuracy: accuracyOf(best),
    lastTrainLoss: overfitLast.trainLoss,
    lastLoss: overfitLast.validationLoss,
    lastAccuracy: accuracyOf(overfitLast),
  },
};
