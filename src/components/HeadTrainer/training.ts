/**
 * The reader's head trains here: the training loop yields a frame after every batch (the page stays responsive),
 * waits while the widget is offscreen, and stops at the next batch once the render is abandoned or the reader
 * presses "Stop training". A finished head is scored on the held-out scans and stored in the browser.
 */
import type { Tf } from '../../lib/model/core/runtime';
import { scoreHead, trainReaderHead, type HeadScore } from '../../lib/model/training/retrain';
import type { EpochReport } from '../../lib/model/training/train-head';
import type { ExampleSet } from './examples';
import { storeHead } from './persistence';
import type { LoopControl } from './scans';
import type { TaskView } from './state';
import { STRINGS } from './strings';

/** Same examples, same head: the reader can train twice and compare. */
const SEED = 42;

export interface TrainingControl extends LoopControl {
  /** The "Stop training" button's signal. */
  stop: AbortSignal;
  /** Each finished epoch, with the whole history so far (for the curve). */
  onEpoch(history: readonly EpochReport[]): void;
}

/** The reader's head on the held-out scans' features (no backbone pass), or null without a head or scans. */
export function scoreHeld(tf: Tf, view: TaskView): Promise<HeadScore | null> {
  if (!view.head || view.heldOut.rows.length === 0) return Promise.resolve(null);
  return scoreHead(
    tf,
    view.head,
    view.heldOut.features,
    view.heldOut.rows.map((r) => r.truth),
    view.task.classes.length,
  );
}

/** Trains a head on the task's examples into `view` (replacing the one there); returns the message to show. */
export async function trainInto(
  tf: Tf,
  view: TaskView,
  examples: ExampleSet,
  control: TrainingControl,
): Promise<string> {
  const signal = AbortSignal.any([control.signal, control.stop]);
  view.history = [];
  const started = performance.now();
  const outcome = await trainReaderHead(tf, view.classifier.meta, examples.all, {
    seed: SEED,
    signal,
    yieldEvery: async () => {
      await tf.nextFrame();
      await control.whenVisible();
    },
    onProgress: (report) => {
      view.history.push(report);
      control.progress(report.epoch / report.epochs);
      control.onEpoch(view.history);
    },
  });
  if (!outcome.head || !outcome.info) return STRINGS.cancelled;
  if (control.signal.aborted) {
    outcome.head.dispose(); // abandoned (a newer request, a lost context): nothing of this run is kept
    return STRINGS.cancelled;
  }
  view.head?.dispose();
  Object.assign(view, { head: outcome.head, info: outcome.info, restored: false });
  view.yours = await scoreHeld(tf, view);
  const seconds = (performance.now() - started) / 1000;
  const problem = await storeHead(outcome.head, outcome.info);
  const held = outcome.info.validationPerClass ?? [];
  return problem ?? STRINGS.trained(outcome.result.history.length, outcome.result.bestEpoch, seconds, true, held);
}
