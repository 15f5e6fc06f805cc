/**
 * Keeps the reader's examples across visits (features, previews, names, classes) in IndexedDB through idb-keyval
 * (a tiny, maintained key-value wrapper: structured clone stores Float32Arrays as they are). Features only mean
 * something for the backbone that made them, so a set saved under another backbone signature is dropped, with a
 * message, as is a set for another class list. Storage that is off or full is reported, never thrown at the reader.
 */
import { del, get, set } from 'idb-keyval';

export interface StoredExample {
  name: string;
  scanId: string | null;
  classIndex: number;
  feature: Float32Array;
  preview: { width: number; height: number; values: Float32Array };
}

interface StoredSet {
  format: 'lightbox-reader-examples/1';
  backboneSignature: string;
  /** The class list the examples' classIndex refers to. */
  classes: string[];
  examples: StoredExample[];
}

const key = (task: string): string => `lightbox:reader-examples:${task}`;

/**
 * Null when nothing is saved; `stale` when the saved features came from another backbone or the task's classes
 * changed (they are then dropped: their features or labels would mean something else).
 */
export async function loadExamples(
  task: string,
  signature: string,
  classes: readonly string[],
): Promise<{ examples: StoredExample[]; stale: boolean } | null> {
  let saved: StoredSet | undefined;
  try {
    saved = await get<StoredSet>(key(task));
  } catch {
    return null;
  }
  if (!saved || saved.format !== 'lightbox-reader-examples/1') return null;
  if (saved.backboneSignature !== signature || JSON.stringify(saved.classes) !== JSON.stringify(classes)) {
    await del(key(task)).catch(() => undefined);
    return { examples: [], stale: true };
  }
  return { examples: saved.examples, stale: false };
}

/** Resolves to an error message, or null when stored. */
export async function saveExamples(
  task: string,
  signature: string,
  classes: readonly string[],
  examples: readonly StoredExample[],
): Promise<string | null> {
  try {
    if (examples.length === 0) await del(key(task));
    else
      await set(key(task), {
        format: 'lightbox-reader-examples/1',
        backboneSignature: signature,
        classes: [...classes],
        examples: [...examples],
      } satisfies StoredSet);
    return null;
  } catch (error) {
    return `Your examples could not be stored in this browser (${error instanceof Error ? error.message : String(error)}); they stay until you leave the page.`;
  }
}
