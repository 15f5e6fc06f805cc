/**
 * Node-only: the file side of shipping a fine-tuned model. Before a fine-tuned head first replaces the shipped
 * frozen-feature head, that frozen head is archived (later fine-tuning and sweeps compare against it, and the model
 * card's baseline is it); once a fine-tuned head ships, the archive is never overwritten with it. The candidate's
 * folder replaces the shipped one whole, so nothing of the old head survives (a head-only candidate leaves no
 * backbone folder). Every path is explicit: the CLIs pass the project's folders, tests pass temporary ones.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHeadMeta, type HeadMeta } from '../lib/model/core/meta';

export interface ShipPaths {
  /** The shipped head's folder (public/weights/heads/<task>). */
  headDir: string;
  /** Where the frozen head is kept while a fine-tuned one ships (.cache/frozen-heads/<task>). */
  archiveDir: string;
}

/** The project's layout: `<headsRoot>/<task>` ships, `<cacheRoot>/frozen-heads/<task>` archives. */
export function shipPaths(headsRoot: string, cacheRoot: string, task: string): ShipPaths {
  return { headDir: join(headsRoot, task), archiveDir: join(cacheRoot, 'frozen-heads', task) };
}

/** A ship that would lose the frozen head, or a frozen head that cannot be found. */
export class ShipError extends Error {}

export async function readHeadMeta(dir: string): Promise<HeadMeta> {
  return parseHeadMeta(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
}

const isFinetuned = (meta: HeadMeta): boolean => Boolean(meta.finetuning);

function missingArchive(paths: ShipPaths): ShipError {
  return new ShipError(
    `${paths.headDir} holds a fine-tuned head and no frozen head is archived in ${join(paths.archiveDir, 'meta.json')}; ` +
      'retrain the frozen head first (npm run train).',
  );
}

export interface FrozenHead {
  /** What ships now. */
  shipped: HeadMeta;
  /** The frozen-feature head fine-tuning is compared with. */
  frozen: HeadMeta;
  /** Where it is: the shipped folder, or the archive while a fine-tuned head ships. */
  frozenDir: string;
}

/** The shipped head and the frozen one; throws ShipError when a fine-tuned head ships and none is archived. */
export async function readFrozenHead(paths: ShipPaths): Promise<FrozenHead> {
  const shipped = await readHeadMeta(paths.headDir);
  if (!isFinetuned(shipped)) return { shipped, frozen: shipped, frozenDir: paths.headDir };
  if (!existsSync(join(paths.archiveDir, 'meta.json'))) throw missingArchive(paths);
  return { shipped, frozen: await readHeadMeta(paths.archiveDir), frozenDir: paths.archiveDir };
}

/**
 * Keeps the frozen head before it is replaced: a shipped frozen head is copied to the archive (replacing an older
 * archive, e.g. of a head npm run train has since retrained); a shipped fine-tuned head is never archived, and
 * without an archive to fall back on this throws ShipError. Returns whether it archived.
 */
export async function archiveFrozenHead(paths: ShipPaths): Promise<boolean> {
  const shipped = await readHeadMeta(paths.headDir);
  if (isFinetuned(shipped)) {
    if (!existsSync(join(paths.archiveDir, 'meta.json'))) throw missingArchive(paths);
    return false;
  }
  await rm(paths.archiveDir, { recursive: true, force: true });
  await mkdir(paths.archiveDir, { recursive: true });
  await cp(paths.headDir, paths.archiveDir, { recursive: true });
  return true;
}

/** Replaces the head folder with a copy of `source`, whole: nothing of the old head survives. */
export async function replaceHead(source: string, headDir: string): Promise<void> {
  await rm(headDir, { recursive: true, force: true });
  await cp(source, headDir, { recursive: true });
}

/** Ships a fine-tuned candidate folder: archives the frozen head if it is the one shipped, then replaces it. */
export async function shipCandidate(paths: ShipPaths, candidateDir: string): Promise<void> {
  await archiveFrozenHead(paths);
  await replaceHead(candidateDir, paths.headDir);
}

/** Puts the archived frozen head back in place of a shipped fine-tuned one; nothing to do when a frozen one ships. */
export async function restoreFrozenHead(paths: ShipPaths): Promise<void> {
  const { frozenDir } = await readFrozenHead(paths);
  if (frozenDir !== paths.headDir) await replaceHead(frozenDir, paths.headDir);
}
