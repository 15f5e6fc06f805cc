/**
 * Opening a task: the page's shipped classifier for it (fine-tuned layers included when they ship), the training
 * films per class, the reader's examples from an earlier visit, the held-out scans read once through the backbone,
 * and the reader's saved head. Nothing is kept when the render that opens it is abandoned.
 */
import type { Runtime } from '../../lib/model/core/runtime';
import { taskInfo, type TaskId } from '../../lib/model/core/tasks';
import { pageClassifier } from '../../lib/view/model-store';
import { restoreExamples, restoreHead } from './persistence';
import { NO_HELD_OUT, heldOutScans, trainingScans, type LoopControl } from './scans';
import { examplesOf, type Session, type TaskView } from './state';
import { STRINGS } from './strings';
import { scoreHeld } from './training';

export interface OpenControl extends LoopControl {
  say(text: string): void;
  /** The view exists and the reader's examples are back: time to draw its columns (before the long held-out read). */
  opened(view: TaskView): void;
}

/** The open task and what to tell the reader, or null when the render was abandoned on the way. */
export async function openTask(
  runtime: Runtime,
  session: Session,
  id: TaskId,
  control: OpenControl,
): Promise<{ view: TaskView; message: string } | null> {
  const task = taskInfo(id);
  const classifier = await pageClassifier(runtime, id);
  const training = await trainingScans(task);
  if (control.signal.aborted) return null;
  const view: TaskView = {
    task,
    classifier,
    training,
    heldOut: NO_HELD_OUT,
    featureSize: (classifier.features.outputs[0]?.shape ?? []).slice(-1)[0] ?? 0,
    head: null,
    info: null,
    yours: null,
    history: [],
    restored: false,
  };
  // Examples first: whatever fails later, the reader's saved work is already back in place.
  const restoredExamples = await restoreExamples(view, examplesOf(session, id));
  if (control.signal.aborted) return null;
  control.opened(view);
  control.say(STRINGS.scoringHeldOut);
  view.heldOut = await heldOutScans(task, classifier, control);
  const restoredHead = await restoreHead(runtime.tf, view, () => !control.signal.aborted);
  if (view.head) view.yours = await scoreHeld(runtime.tf, view);
  if (control.signal.aborted) {
    view.head?.dispose();
    return null;
  }
  const noGallery = training.every((t) => t.length === 0) ? STRINGS.noTrainingGallery : '';
  return { view, message: [noGallery, restoredHead, restoredExamples].filter(Boolean).join(' ') };
}
