/**
 * What the head trainer keeps across visits: the reader's examples (IndexedDB, see saved-examples.ts) and the
 * reader's head (saved-head.ts). Each call returns the message the widget shows; storage that is off or full never
 * throws at the reader.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from '../../lib/model/core/runtime';
import { ReaderHeadMismatchError, backboneSignature, type ReaderHeadInfo } from '../../lib/model/training/retrain';
import { loadExamples, saveExamples } from '../../lib/view/saved-examples';
import { forgetReaderHead, loadReaderHead, saveReaderHead } from '../../lib/view/saved-head';
import type { ExampleSet } from './examples';
import type { TaskView } from './state';
import { STRINGS } from './strings';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Stores the task's examples (after every add or remove), so a reload loses none of the reader's work. */
export function persistExamples(view: TaskView, examples: ExampleSet): Promise<string | null> {
  const stored = examples.all.map(({ key: _key, ...example }) => example);
  return saveExamples(view.task.id, backboneSignature(view.classifier.meta), view.task.classes, stored);
}

/** The examples saved on an earlier visit, when this visit has none yet for the task; returns a message or ''. */
export async function restoreExamples(view: TaskView, examples: ExampleSet): Promise<string> {
  if (examples.all.length > 0) return '';
  const saved = await loadExamples(view.task.id, backboneSignature(view.classifier.meta), view.task.classes);
  if (!saved) return '';
  if (saved.stale) return STRINGS.examplesStale;
  for (const example of saved.examples) examples.add({ ...example, key: examples.nextKey(example.name) });
  return saved.examples.length ? STRINGS.examplesRestored(saved.examples.length) : '';
}

/**
 * The head saved on an earlier visit, put into `view` when `keep()` still holds once it is read (a head read for
 * an abandoned render is freed); returns a message or ''. A head for another backbone or class list can never be
 * used again: it is forgotten, and the message says why.
 */
export async function restoreHead(tf: Tf, view: TaskView, keep: () => boolean): Promise<string> {
  try {
    const saved = await loadReaderHead(tf, view.classifier.meta);
    if (!saved) return '';
    if (!keep()) {
      saved.head.dispose();
      return '';
    }
    Object.assign(view, { head: saved.head, info: saved.info, restored: true });
    const counts = saved.info.examplesPerClass.map((n, i) => `${n} ${view.task.classes[i] ?? ''}`).join(', ');
    return STRINGS.restored(new Date(saved.info.trainedAt).toLocaleString(), counts);
  } catch (error) {
    if (error instanceof ReaderHeadMismatchError) await forgetReaderHead(tf, view.task.id);
    return reason(error);
  }
}

/** Resolves to an error message, or null when stored. */
export async function storeHead(head: tfc.LayersModel, info: ReaderHeadInfo): Promise<string | null> {
  try {
    await saveReaderHead(head, info);
    return null;
  } catch (error) {
    return reason(error);
  }
}

/** Forgets the saved head and frees the one in the view. */
export async function forgetHead(tf: Tf, view: TaskView): Promise<void> {
  await forgetReaderHead(tf, view.task.id);
  view.head?.dispose();
  Object.assign(view, { head: null, info: null, yours: null, history: [], restored: false });
}
