/**
 * Importing a head the reader downloaded earlier (on this machine or another): the library checks the files against
 * the open task's model and stores the head only once it is built; the widget puts it in the view and scores it on
 * the held-out scans. A refusal leaves the view and the saved head as they were.
 */
import type { Tf } from '../../lib/model/core/runtime';
import { importReaderHead } from '../../lib/view/saved-head';
import type { TaskView } from './state';
import { STRINGS } from './strings';
import { scoreHeld } from './training';

/** Imports the chosen files into `view`; returns the message to show. */
export async function importInto(tf: Tf, view: TaskView, files: readonly File[]): Promise<string> {
  let imported: Awaited<ReturnType<typeof importReaderHead>>;
  try {
    imported = await importReaderHead(tf, files, view.classifier.meta, view.featureSize);
  } catch (error) {
    return STRINGS.importRefused(error instanceof Error ? error.message : String(error));
  }
  view.head?.dispose();
  Object.assign(view, { head: imported.head, info: imported.info, restored: true, history: [] });
  view.yours = await scoreHeld(tf, view);
  const { info } = imported;
  const counts = info.examplesPerClass.map((n, i) => `${n} ${view.task.classes[i] ?? ''}`).join(', ');
  return STRINGS.imported(new Date(info.trainedAt).toLocaleString(), counts, imported.problem);
}
