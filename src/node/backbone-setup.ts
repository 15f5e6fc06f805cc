/**
 * Finds a verified copy of every backbone and installs it for the site: --shared DIR (../shared) first, then the
 * backbone cache, then the copy already installed, and else a download from the official location (or --mirror).
 * Every candidate is verified tensor by tensor before use; a cached or installed copy that fails is removed, a shared
 * one (read-only, not ours) is only reported. The site folder is replaced whole, never left half-written.
 */
import { chmod, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BACKBONES, type BackboneInfo } from '../lib/model/core/backbone';
import { downloadBackbone, replaceFolder, type FetchOptions } from './backbone-fetch';
import { imagenetLabelsJson, OFFICIAL_PREFIX, expectedTensors, modelUrl } from './backbone-sources';
import { modelFiles, readWeightsManifest, verifyModel, type TensorChecksum } from './weights-checksum';

type BackboneOrigin = 'shared' | 'cache' | 'installed' | 'download';

export interface ProvideOptions extends Omit<FetchOptions, 'log'> {
  /** Folder holding weights/<id>/ (../shared by default); absent is fine. */
  shared: string;
  /** The site's backbone folder (public/weights/backbones). */
  siteDir: string;
  mirror?: string;
  /** Never download (use what is on disk only). */
  offline?: boolean;
  say: (line: string) => void;
}

export interface ProvideResult {
  id: string;
  origin: BackboneOrigin | null;
  /** What was tried and why it was not used, one line each. */
  notes: string[];
  /** Download time (fetch + verify) in ms, when downloaded. */
  downloadMs?: number;
}

interface Candidate {
  origin: Exclude<BackboneOrigin, 'download'>;
  dir: string;
  removeOnFail: boolean;
}

export async function provideBackbones(options: ProvideOptions): Promise<ProvideResult[]> {
  const results: ProvideResult[] = [];
  for (const info of BACKBONES) results.push(await provideOne(info, options));
  return results;
}

async function provideOne(info: BackboneInfo, options: ProvideOptions): Promise<ProvideResult> {
  const expected = expectedTensors(info.id);
  const result: ProvideResult = { id: info.id, origin: null, notes: [] };
  const candidates: Candidate[] = [
    { origin: 'shared', dir: join(options.shared, 'weights', info.id), removeOnFail: false },
    { origin: 'cache', dir: join(options.cacheDir, info.id), removeOnFail: true },
    { origin: 'installed', dir: join(options.siteDir, info.id), removeOnFail: true },
  ];
  for (const candidate of candidates) {
    if (await usable(candidate, expected, result, options.say)) {
      result.origin = candidate.origin;
      if (candidate.origin !== 'installed') await install(info, candidate.dir, options.siteDir);
      return result;
    }
  }
  if (options.offline) {
    result.notes.push('download: not tried (--offline)');
    return result;
  }
  const started = Date.now();
  const url = modelUrl(info.id, options.mirror);
  options.say(`${info.id}: downloading ${url}`);
  const fetched = await downloadBackbone(info.id, url, expected, { ...options, log: options.say });
  if (!fetched.ok) {
    const messages = [...new Set(fetched.problems.map((problem) => problem.message))];
    result.notes.push(...messages.map((message) => `download: ${message}`));
    const verdict = fetched.removed.length > 0 ? `refused; removed ${fetched.removed.join(', ')}` : 'failed';
    options.say(`! ${info.id}: download ${verdict}: ${messages.join(' ')}`);
    return result;
  }
  result.downloadMs = Date.now() - started;
  result.origin = 'download';
  await install(info, fetched.dir, options.siteDir);
  return result;
}

/** Verifies one candidate folder; a failing copy is removed when it is ours to remove. */
async function usable(
  candidate: Candidate,
  expected: readonly TensorChecksum[],
  result: ProvideResult,
  say: (line: string) => void,
): Promise<boolean> {
  if (!existsSync(join(candidate.dir, 'model.json'))) {
    result.notes.push(`${candidate.origin}: no ${join(candidate.dir, 'model.json')}`);
    return false;
  }
  const problems = await verifyModel(candidate.dir, expected);
  if (problems.length === 0) return true;
  const what = problems.map((p) => p.message).join(' ');
  result.notes.push(`${candidate.origin}: ${candidate.dir} failed verification: ${what}`);
  if (candidate.removeOnFail) {
    await rm(candidate.dir, { recursive: true, force: true });
    say(`! ${result.id}: removed ${candidate.dir}, which failed verification: ${what}`);
  } else {
    say(`! ${result.id}: ${candidate.dir} failed verification, not used: ${what}`);
  }
  return false;
}

/** Copies model.json, its shards and (for the ImageNet top) the labels into <siteDir>/<id>, replacing it whole. */
async function install(info: BackboneInfo, from: string, siteDir: string): Promise<void> {
  const staging = join(siteDir, `.${info.id}.partial`);
  await rm(staging, { recursive: true, force: true });
  for (const file of modelFiles(await readWeightsManifest(from))) {
    await mkdir(dirname(join(staging, file)), { recursive: true });
    await copyFile(join(from, file), join(staging, file));
    await chmod(join(staging, file), 0o644); // ../shared's files are read-only; the site's copy is ours to replace
  }
  if (info.imagenetTop) await writeFile(join(staging, 'imagenet_labels.json'), `${imagenetLabelsJson()}\n`);
  await replaceFolder(staging, join(siteDir, info.id));
}

/** What to do when a backbone could be neither found nor downloaded: the exact commands and folders. */
export function missingModelHelp(missing: readonly ProvideResult[], options: ProvideOptions): string[] {
  const lines = ['! No verified copy of these backbones could be found or downloaded:'];
  for (const result of missing) {
    lines.push(`  ${result.id} (${modelUrl(result.id)})`, ...result.notes.map((note) => `    - ${note}`));
  }
  lines.push(
    '  To fix it, either:',
    '    - connect to the internet and run `npm run setup` again (partial downloads resume);',
    `    - behind a proxy, run \`npm run setup -- --mirror URL\`, where URL serves the same paths as ${OFFICIAL_PREFIX};`,
    `    - or put model.json and its shards in ${join(options.cacheDir, '<id>')}/ (or in DIR/weights/<id>/ and run`,
    '      `npm run setup -- --shared DIR`); they are verified against src/node/backbones/tensor-checksums.tsv.',
    '  The site still builds and runs: each model widget says that its model is not available.',
  );
  return lines;
}
