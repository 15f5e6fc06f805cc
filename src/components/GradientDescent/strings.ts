/** Every user-visible string of the gradient-descent widget's script (static markup: GradientDescent.astro). */
import type { OptimiserName } from '../../lib/model/training/descent';

const percent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const loss = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

const OPTIMISER_NAMES: Record<OptimiserName, string> = { sgd: 'SGD', momentum: 'momentum', adam: 'Adam' };

export const STRINGS = {
  loading: 'Loading TensorFlow.js and the precomputed features…',
  loadingFeatures: 'Loading the precomputed features of the train and validation splits…',
  ready: (train: number, validation: number): string =>
    `Ready: ${whole.format(train)} training examples, judged on ${whole.format(validation)} validation films. Press Play.`,
  playing: 'Training: the curves grow after every epoch. Press Pause to stop.',
  paused: (epoch: number): string => `Paused at epoch ${oneDecimal.format(epoch)}.`,
  finished: (epoch: number): string => `Stopped after ${whole.format(epoch)} epochs, the most this widget runs.`,
  point: (epoch: number, trainLoss: number, validationLoss: number, accuracy: number): string =>
    `Epoch ${oneDecimal.format(epoch)}: training loss ${loss.format(trainLoss)}, validation loss ${loss.format(validationLoss)}, validation accuracy ${percent.format(accuracy)}.`,
  noPoints: 'No epoch yet: press Play or Step.',
  summary: (optimiser: OptimiserName, lr: number, batch: number, examples: number, l2: number, seed: number): string =>
    `${OPTIMISER_NAMES[optimiser]}, learning rate ${lr}, batch ${batch}, ${whole.format(examples)} examples, L2 ${l2}, seed ${seed}.`,
  majority: (share: number): string => `always “pneumonia”: ${percent.format(share)}`,
  chartLabel:
    'Loss per epoch: training (solid) and validation (dashed); and validation accuracy. The newest values are in the text below the chart.',
  play: 'Play',
  pause: 'Pause',
} as const;
