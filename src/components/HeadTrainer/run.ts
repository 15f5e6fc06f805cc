/**
 * The head trainer, on the widget scaffold. Per task: the shipped classifier (its backbone, fine-tuned or not, makes
 * the features), the reader's examples, the held-out test scans both heads are judged on, and the reader's head,
 * trained here, stored in the browser and offered as a download. Every action the reader asks for is queued and done
 * in a render (controls lock while it runs); examples survive task switches and lost WebGL contexts.
 */
import { defineWidget } from '../../lib/view/widget';
import { work, type Loaded } from './actions';
import { bindControls } from './controls';
import { part } from './render';
import { examplesOf, newSession, trainerUrlState, type Session, type TrainerState } from './state';
import { STRINGS } from './strings';

/** What tests and benches read from `data-result`. */
export interface HeadTrainerResult {
  task: string;
  classes: string[];
  finetuned: boolean;
  /** Examples per class. */
  examples: number[];
  trained: boolean;
  restored: boolean;
  epochs: number;
  bestEpoch: number | null;
  heldOut: number;
  yours: { correct: number; total: number } | null;
  /** Per held-out scan, the reader's head's probabilities (full precision: an imported head must match to 1e-6). */
  yoursProbabilities: number[][];
  shipped: { correct: number; total: number } | null;
  /** Per held-out scan, the shipped model's probabilities: a test holds the page's model to Node's with them. */
  shippedProbabilities: number[][];
  lastLoss: number | null;
}

export const headTrainer = defineWidget<TrainerState, Loaded, HeadTrainerResult>({
  name: 'head trainer',
  state: trainerUrlState,
  strings: { loading: STRINGS.loading },
  // The reader's examples and session outlive a runtime reset: the previous load hands them over.
  load: async (_ctx, previous) => ({
    Plot: previous?.Plot ?? (await import('@observablehq/plot')),
    session: previous?.session ?? newSession(),
  }),
  sync: (ctx) => {
    part<HTMLSelectElement>(ctx.root, 'task').value = ctx.state.task;
  },
  setup: (ctx, current) => bindControls(ctx, () => current().session),
  render: async (ctx, loaded, signal) => ((await work(ctx, loaded, signal)) ? resultOf(loaded.session) : null),
  // The page's classifier is shared and stays; the reader's head on it goes (a runtime reset reopens the task).
  notInLink: ({ session }) => {
    const examples = [...session.examples.values()].reduce((sum, set) => sum + set.all.length, 0);
    return examples > 0 ? STRINGS.notInLink(examples, Boolean(session.view?.head)) : null;
  },
  dispose: ({ session }) => {
    try {
      session.view?.head?.dispose();
    } catch {
      // a head on a lost WebGL context has no memory left to free
    }
    Object.assign(session, { view: null, shown: null, queue: [], busy: false, cancel: null });
  },
});

function resultOf(session: Session): HeadTrainerResult | null {
  const view = session.view;
  if (!view) return null;
  const examples = examplesOf(session, view.task.id);
  const tally = (score: { correct: number; total: number } | null) =>
    score ? { correct: score.correct, total: score.total } : null;
  return {
    task: view.task.id,
    classes: [...view.task.classes],
    finetuned: Boolean(view.classifier.meta.finetunedBackbone),
    examples: view.task.classes.map((_, i) => examples.ofClass(i).length),
    trained: Boolean(view.head),
    restored: view.restored,
    epochs: view.history.length,
    bestEpoch: view.info?.bestEpoch ?? null,
    heldOut: view.heldOut.rows.length,
    yours: tally(view.yours),
    yoursProbabilities: view.yours?.verdicts.map((v) => Array.from(v.probabilities)) ?? [],
    shipped: tally(view.heldOut.shipped),
    shippedProbabilities:
      view.heldOut.shipped?.verdicts.map((v) => Array.from(v.probabilities, (p) => Number(p.toFixed(5)))) ?? [],
    lastLoss: view.history[view.history.length - 1]?.trainLoss ?? null,
  };
}
