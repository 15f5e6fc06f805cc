/**
 * Downloads one backbone from its official location (or a mirror with the same layout) into the backbone cache:
 * model.json, then every shard it lists, into a staging folder that survives an interrupted run (partial files are
 * resumed); the whole copy is verified tensor by tensor, files that fail are removed with the tensor named, and only
 * a verified copy is moved into place as <cache>/<id>.
 */
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { downloadFile, type DownloadOptions } from './http-download';
import { startProgress, type Progress } from './progress';
import {
  expectedWeightBytes,
  modelFiles,
  parseWeightsManifest,
  verifyModel,
  type TensorChecksum,
  type WeightsProblem,
} from './weights-checksum';

export interface FetchOptions extends Omit<DownloadOptions, 'onBytes'> {
  cacheDir: string;
  /** A progress bar per backbone (cli-progress on stderr); null for none. */
  progress?: ((label: string, total: number) => Progress) | null;
}

export type FetchResult =
  | { ok: true; dir: string; bytes: number }
  /** `removed`: the downloaded files that failed verification (none when the transfer itself failed). */
  | { ok: false; problems: WeightsProblem[]; removed: string[] };

/** The staging folder of a backbone's download (kept between runs so partial files resume). */
export function stagingDir(cacheDir: string, id: string): string {
  return join(cacheDir, '.download', id);
}

export async function downloadBackbone(
  id: string,
  url: string,
  expected: readonly TensorChecksum[],
  options: FetchOptions,
): Promise<FetchResult> {
  const staging = stagingDir(options.cacheDir, id);
  await mkdir(staging, { recursive: true });
  let bytes = 0;
  try {
    bytes = await fetchFiles(id, url, staging, options);
  } catch (error) {
    return { ok: false, problems: [{ file: 'model.json', message: (error as Error).message }], removed: [] };
  }
  const problems = await verifyModel(staging, expected);
  if (problems.length > 0) {
    return { ok: false, problems, removed: await removeFailed(staging, problems) };
  }
  const dir = join(options.cacheDir, id);
  await replaceFolder(staging, dir);
  return { ok: true, dir, bytes };
}

async function fetchFiles(id: string, url: string, staging: string, options: FetchOptions): Promise<number> {
  const modelJson = join(staging, 'model.json');
  if (!existsSync(modelJson)) await downloadFile(url, modelJson, options);
  const groups = parseWeightsManifest(await readFile(modelJson, 'utf8'));
  const shards = modelFiles(groups).slice(1);
  const total = expectedWeightBytes(groups);
  const bar = options.progress === null ? null : (options.progress ?? startProgress)(`${id} bytes`, total);
  const sizes = new Map<string, number>();
  const report = (path: string) => (size: number) => {
    sizes.set(path, size);
    bar?.update([...sizes.values()].reduce((a, b) => a + b, 0));
  };
  const fetchShard = async (shard: string): Promise<void> => {
    const dest = join(staging, shard);
    await mkdir(dirname(dest), { recursive: true });
    if (existsSync(dest)) report(shard)(await stat(dest).then((info) => info.size));
    else await downloadFile(new URL(shard, url).href, dest, { ...options, onBytes: report(shard) });
  };
  try {
    await inParallel(shards, SHARD_CONCURRENCY, fetchShard);
  } finally {
    bar?.stop();
  }
  return total;
}

/** Shards fetched at once: v1 has 55 small ones, so round trips, not bandwidth, set its download time. */
const SHARD_CONCURRENCY = 4;

/** Runs `work` on every item, at most `limit` at a time; the first failure is thrown once all have settled. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Removes every file a problem names, so the next run downloads exactly those again. */
async function removeFailed(staging: string, problems: readonly WeightsProblem[]): Promise<string[]> {
  const files = [...new Set(problems.map((problem) => problem.file))];
  for (const file of files) {
    await rm(join(staging, file), { force: true });
    await rm(join(staging, `${file}.part`), { force: true });
  }
  return files;
}

/** Moves a complete folder to `dest`, replacing what was there: the old copy is set aside first, then removed. */
export async function replaceFolder(from: string, dest: string): Promise<void> {
  const old = `${dest}.old`;
  await rm(old, { recursive: true, force: true });
  await mkdir(dirname(dest), { recursive: true });
  if (existsSync(dest)) await rename(dest, old);
  await rename(from, dest);
  await rm(old, { recursive: true, force: true });
}
