/**
 * Keeps the reader's trained head across visits: weights in IndexedDB (tfjs's own indexeddb:// handler), the info
 * that says what it was trained on in localStorage; and hands both out as downloads. Storage can be full, private
 * or switched off: every call reports that as an error the widget shows, never as a crash or silent loss. A head
 * downloaded earlier comes back through importReaderHead (checked by model/training/head-archive.ts first).
 */
import type * as tfc from '@tensorflow/tfjs';
import { buildImportedHead, readHeadFiles } from '../model/training/head-archive';
import { checkReaderHead, type ReaderHeadInfo } from '../model/training/retrain';
import type { HeadMeta } from '../model/core/meta';
import type { Tf } from '../model/core/runtime';

class SavedHeadError extends Error {}

const modelUrl = (task: string): string => `indexeddb://lightbox-reader-head-${task}`;
const infoKey = (task: string): string => `lightbox:reader-head:${task}`;
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function saveReaderHead(head: tfc.LayersModel, info: ReaderHeadInfo): Promise<void> {
  try {
    await head.save(modelUrl(info.task));
    localStorage.setItem(infoKey(info.task), JSON.stringify(info));
  } catch (error) {
    throw new SavedHeadError(
      `Your head could not be stored in this browser (${reason(error)}); download it to keep it.`,
    );
  }
}

/** The saved head for the page's model, null if none; a head for another backbone or task is an error with why. */
export async function loadReaderHead(
  tf: Tf,
  meta: HeadMeta,
): Promise<{ head: tfc.LayersModel; info: ReaderHeadInfo } | null> {
  let text: string | null;
  try {
    text = localStorage.getItem(infoKey(meta.task));
  } catch {
    return null; // storage switched off: nothing can have been saved
  }
  if (!text) return null;
  const info = checkReaderHead(JSON.parse(text) as unknown, meta);
  try {
    return { head: await tf.loadLayersModel(modelUrl(meta.task)), info };
  } catch (error) {
    throw new SavedHeadError(`Your saved head could not be read back (${reason(error)}). Train it again.`);
  }
}

export async function forgetReaderHead(tf: Tf, task: string): Promise<void> {
  try {
    localStorage.removeItem(infoKey(task));
    await tf.io.removeModel(modelUrl(task));
  } catch {
    // Already gone, or storage off: either way nothing is kept.
  }
}

/** model.json + weights.bin through tfjs's downloads:// handler, and the info as its own JSON file. */
export async function downloadReaderHead(head: tfc.LayersModel, info: ReaderHeadInfo): Promise<void> {
  const name = `lightbox-head-${info.task}`;
  await head.save(`downloads://${name}`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([`${JSON.stringify(info, null, 1)}\n`], { type: 'application/json' }));
  link.download = `${name}.info.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * A head the reader downloaded earlier (its three files, or a zip of them), checked against the page's model and
 * built; only then stored in place of the saved one, so a file that is refused leaves the saved head as it was.
 * Resolves with the head, its info and a storage problem (null when stored); a refusal throws with the reason.
 */
export async function importReaderHead(
  tf: Tf,
  files: readonly File[],
  meta: HeadMeta,
  featureSize: number,
): Promise<{ head: tfc.LayersModel; info: ReaderHeadInfo; problem: string | null }> {
  const chosen = await Promise.all(
    files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  const imported = readHeadFiles(chosen, meta);
  const head = await buildImportedHead(tf, imported, featureSize);
  try {
    await saveReaderHead(head, imported.info);
    return { head, info: imported.info, problem: null };
  } catch (error) {
    return { head, info: imported.info, problem: reason(error) };
  }
}
