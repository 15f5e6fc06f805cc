/**
 * `npm run setup`: installs verified backbones (see backbone-setup.ts) and, when Kermany data is at hand, the gallery
 * of TEST-split scans, the TRAIN-split examples of the in-page retraining and the whole test split (for the
 * evaluation chapter's confusion cells), each with a provenance manifest.
 * Returns the exit code: 0 unless --require-model is given and a backbone could not be had.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TRAINING_GALLERY_DIR } from '../lib/gallery';
import { defaultBackboneCache } from './backbone-sources';
import { missingModelHelp, provideBackbones, type ProvideOptions } from './backbone-setup';
import { replaceFolder } from './backbone-fetch';
import { writeGallery } from './gallery-build';
import { writeTestSplit } from './test-split-copy';
import { TEST_SPLIT_DIR } from '../lib/test-split';
import { openKermanySource, type KermanySource, type SourceScan } from './kermany-source';
import { PROJECT_ROOT, SHARED_ROOT } from './paths';

export interface SetupOptions {
  shared: string;
  /** Kermany sources (folders or zips); none means <shared>/data/kermany when it exists. */
  data: string[];
  /** The site's public/ folder: backbones go to weights/backbones, the gallery to samples. */
  publicDir: string;
  cacheDir: string;
  mirror?: string;
  offline: boolean;
  requireModel: boolean;
  attempts: number;
  idleTimeoutMs: number;
  backoffMs: number;
  perClass: number;
  trainPerClass: number;
  /** Progress bars on stderr (off in tests). */
  progress: boolean;
  say: (line: string) => void;
}

export const SETUP_USAGE =
  'npm run setup -- [--shared DIR] [--data PATH ...] [--mirror URL] [--cache DIR] [--offline] [--require-model] ' +
  '[--attempts N] [--timeout SECONDS] [--per-class N] [--train-per-class N] [--public DIR]';

export function parseSetupArgs(
  args: string[],
  say: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): SetupOptions {
  const { values } = parseArgs({
    args,
    options: {
      shared: { type: 'string', default: SHARED_ROOT },
      data: { type: 'string', multiple: true, default: [] },
      public: { type: 'string', default: join(PROJECT_ROOT, 'public') },
      cache: { type: 'string', default: defaultBackboneCache() },
      mirror: { type: 'string' },
      offline: { type: 'boolean', default: false },
      'require-model': { type: 'boolean', default: false },
      attempts: { type: 'string', default: '4' },
      timeout: { type: 'string', default: '30' },
      'per-class': { type: 'string', default: '8' },
      'train-per-class': { type: 'string', default: '10' },
    },
  });
  const count = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be an integer ≥ ${min}. ${SETUP_USAGE}`);
    return value;
  };
  return {
    shared: resolve(values.shared),
    data: values.data.map((path) => resolve(path)),
    publicDir: resolve(values.public),
    cacheDir: resolve(values.cache),
    mirror: values.mirror,
    offline: values.offline,
    requireModel: values['require-model'],
    attempts: count('attempts', values.attempts, 1),
    idleTimeoutMs: count('timeout', values.timeout, 1) * 1000,
    backoffMs: 1000,
    perClass: count('per-class', values['per-class'], 1),
    trainPerClass: count('train-per-class', values['train-per-class'], 0),
    progress: true,
    say,
  };
}

export async function runSetup(options: SetupOptions): Promise<number> {
  const { say } = options;
  const modelsOk = await setupBackbones(options);
  await setupGallery(options);
  const headsDir = join(options.publicDir, 'weights/heads');
  const heads = existsSync(headsDir) ? await readdir(headsDir) : [];
  say(`heads (committed, trained by Lightbox): ${heads.join(', ') || 'none yet — run npm run train'}`);
  if (!modelsOk && options.requireModel) {
    say('! --require-model: exiting with an error because a backbone is missing.');
    return 1;
  }
  return 0;
}

async function setupBackbones(options: SetupOptions): Promise<boolean> {
  const provide: ProvideOptions = {
    ...options,
    siteDir: join(options.publicDir, 'weights/backbones'),
    progress: options.progress ? undefined : null,
  };
  const results = await provideBackbones(provide);
  for (const result of results.filter((r) => r.origin)) {
    const timing = result.downloadMs === undefined ? '' : ` in ${(result.downloadMs / 1000).toFixed(1)} s`;
    options.say(`backbone ${result.id}: verified (${result.origin}${timing}), installed in ${provide.siteDir}`);
  }
  const missing = results.filter((r) => !r.origin);
  for (const line of missing.length > 0 ? missingModelHelp(missing, provide) : []) options.say(line);
  return missing.length === 0;
}

async function setupGallery(options: SetupOptions): Promise<void> {
  const sharedData = join(options.shared, 'data/kermany');
  const paths = options.data.length > 0 ? options.data : existsSync(sharedData) ? [sharedData] : [];
  if (paths.length === 0) {
    options.say(
      `! no Kermany data (${sharedData} is absent and no --data given): gallery widgets offer "use your own image".\n` +
        '  Get it from Mendeley Data doi:10.17632/rscbjbr9sj (CC BY 4.0; ChestXRay2017.zip, OCT2017.tar.gz, or\n' +
        "  ZhangLabData.zip) or Kaggle's copies, then `npm run setup -- --data <zip or folder>` (repeat --data for both).",
    );
    return;
  }
  const sources: KermanySource[] = [];
  try {
    for (const path of paths) sources.push(await openKermanySource(path));
    const scans = mergeScans(sources, options.say);
    const samples = join(options.publicDir, 'samples');
    const staging = join(options.publicDir, '.samples.partial');
    await rm(staging, { recursive: true, force: true });
    const test = await writeGallery(scans, 'test', options.perClass, staging);
    const training = join(staging, TRAINING_GALLERY_DIR);
    const train = await writeGallery(scans, 'train', options.trainPerClass, training);
    const whole = await writeTestSplit(scans, join(staging, TEST_SPLIT_DIR), TEST_SPLIT_DIR);
    await replaceFolder(staging, samples);
    options.say(`gallery: ${test} test-split scans copied to ${samples}`);
    options.say(`training examples: ${train} train-split scans copied to ${join(samples, TRAINING_GALLERY_DIR)}`);
    options.say(
      `test split: all ${whole} test scans copied to ${join(samples, TEST_SPLIT_DIR)} (the evaluation chapter)`,
    );
  } finally {
    for (const source of sources) await source.close();
  }
}

/** All sources' scans, one per dataset, split, class and file name (the first source wins). */
function mergeScans(sources: readonly KermanySource[], say: (line: string) => void): SourceScan[] {
  const byKey = new Map<string, SourceScan>();
  for (const source of sources) {
    const counts = { cxr: 0, oct: 0 };
    for (const scan of source.scans) {
      const key = `${scan.dataset}/${scan.split}/${scan.label}/${basename(scan.relpath)}`;
      if (byKey.has(key)) continue;
      byKey.set(key, scan);
      counts[scan.dataset]++;
    }
    say(`data: ${source.description}: ${counts.cxr} chest X-ray and ${counts.oct} OCT images listed`);
    if (source.skipped.length > 0) {
      const shown = source.skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`);
      say(`  skipped ${source.skipped.length}: ${shown.join('; ')}${source.skipped.length > 3 ? '; …' : ''}`);
    }
  }
  for (const dataset of ['cxr', 'oct'] as const) {
    if (![...byKey.values()].some((s) => s.dataset === dataset)) {
      say(
        `! no ${dataset === 'cxr' ? 'chest X-ray' : 'OCT'} images in the data given: those widgets offer "use your own image".`,
      );
    }
  }
  return [...byKey.values()];
}
