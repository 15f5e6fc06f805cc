/** Every user-visible string of the head trainer's script (the static markup is in HeadTrainer.astro); Intl numbers. */
import type { BackendName } from '../../lib/model/core/runtime';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const loss = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
const seconds = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

const formatPercent = (value: number): string => percent.format(value);
const formatLoss = (value: number): string => loss.format(value);

/** A head's score on the held-out scans, for the status line. */
interface Tally {
  correct: number;
  total: number;
}

const tally = (score: Tally): string => `${score.correct} of ${score.total}`;

export const STRINGS = {
  loading: 'Loading TensorFlow.js and Lightbox’s model…',
  notInLink: (examples: number, head: boolean): string => {
    const one = examples === 1 && !head;
    const what = `${examples === 1 ? 'Your example' : `Your ${examples} examples`}${head ? ' and the head you trained' : ''}`;
    return `${what} ${one ? 'is' : 'are'} not part of it (${one ? 'it stays' : 'they stay'} in this browser): the link opens the task without ${one ? 'it' : 'them'}.`;
  },
  /** `tuned`: how many backbone layers Lightbox fine-tuned (0: ImageNet's weights throughout). */
  modelInfo: (backbone: string, layer: string, size: number, classes: number, tuned: number) =>
    `Each example runs once through ${backbone}${tuned ? ` (with ${tuned} of its layers fine-tuned by Lightbox)` : ''} up to ` +
    `“${layer}”, averaged into ${size} numbers. Only the head trains here: ${size} weights and one bias per class, ` +
    `${(size + 1) * classes} numbers for ${classes} classes.`,
  working: 'Working…',
  busy: 'Still working on the last step; try again when it finishes.',
  /** The status line with no head yet: what is still missing, or that training can start. */
  readyToAdd: (backend: BackendName, missing: string) => `Ready on ${backend}. ${missing} Then train your head.`,
  readyToTrain: (backend: BackendName) =>
    `Ready on ${backend}: every class has enough examples. Train your head, or add more first.`,
  /** The status line once a head exists: what it scores on the held-out scans. */
  headScore: (restored: boolean, yours: Tally | null, shipped: Tally | null) =>
    `${restored ? 'Your saved head is back' : 'Your head is trained'}` +
    (yours
      ? `: it calls ${tally(yours)} held-out scans right${shipped ? ` (Lightbox’s head: ${tally(shipped)})` : ''}.`
      : '.') +
    ' Add examples and train again to change it.',
  embedding: (done: number, total: number) => `Reading example ${done} of ${total} through the backbone…`,
  scoringHeldOut: 'Reading the held-out test scans once, to judge heads on…',
  added: (n: number, className: string, skipped: string[]) =>
    `Added ${n} to ${className}.${skipped.length ? ` Skipped: ${skipped.join('; ')}` : ''}`,
  noneLeft: (className: string) =>
    `Every ${className} training film in the gallery is already in; add your own images.`,
  noTrainingGallery: 'The training films are not installed (npm run setup); add your own images instead.',
  training: (epoch: number, epochs: number, value: number, validation: number | null) =>
    `Training: epoch ${epoch} of up to ${epochs}, training loss ${formatLoss(value)}` +
    (validation === null ? '.' : `, validation loss ${formatLoss(validation)}.`),
  trained: (epochs: number, best: number, time: number, stored: boolean, held: readonly number[] = []) =>
    `Trained for ${epochs} epochs in ${seconds.format(time)} s. ` +
    (held.length
      ? `${held.join(' and ')} of your examples (a quarter of each class, picked by example: your files carry no ` +
        `patient ids, so two films of one patient may fall on both sides) were held out for validation; its loss ` +
        `was lowest at epoch ${best}, and those weights are kept. `
      : `Best at epoch ${best}. `) +
    (stored ? 'Stored in this browser; it will be here when you come back.' : ''),
  cancelled: 'Training stopped; nothing was kept. Your examples are still here.',
  restored: (date: string, counts: string) => `Restored your head from ${date}, trained on ${counts}.`,
  forgotten: 'Your saved head is forgotten.',
  imported: (date: string, counts: string, problem: string | null) =>
    `Imported your head from ${date}, trained on ${counts}. ` +
    (problem ?? 'Stored in this browser in place of any head saved before.'),
  importRefused: (why: string) => `${why} Nothing you had saved has changed.`,
  examplesRestored: (n: number) => `Your ${n === 1 ? 'example is' : `${n} examples are`} back from your last visit.`,
  examplesStale:
    'The examples you saved were read by another version of the model, so they no longer fit; add them again.',
  countLabel: (n: number) => (n === 1 ? '1 example' : `${n} examples`),
  removeLabel: (name: string) => `Remove ${name}`,
  addTraining: (n: number) => `Add ${n} training films`,
  addOwn: 'Add your own…',
  examplesLabel: (className: string) => `${className} examples`,
  curveLabel: (epochs: number, last: number, validation: number | null) =>
    `Training loss (solid) and validation loss (dashed) over ${epochs} epochs, last ${formatLoss(last)}` +
    (validation === null ? '.' : ` and ${formatLoss(validation)}.`),
  curveX: 'Epoch',
  curveTrain: 'training',
  curveValidation: 'validation',
  curveY: 'Loss (class-weighted cross-entropy)',
  scoreCaption: (n: number) => `On ${n} held-out test-split scans the reader never trained on`,
  notTrained: 'not trained yet',
  noScore: '—',
  unknownClass: '?',
  correct: (k: number, n: number, low: number, high: number) =>
    `${k} of ${n} (${formatPercent(n ? k / n : 0)}; 95 % interval ${formatPercent(low)}–${formatPercent(high)})`,
  fewScans: 'With this few scans the intervals are wide: a difference of one or two scans between heads means little.',
  noHeldOut: 'No held-out test scans for this task are installed (npm run setup), so heads cannot be compared here.',
};
