/**
 * A shipped head's record as the evaluation widgets read it in the browser: meta.json, the per-image test scores,
 * the validation scores (where operating points and temperature are fitted) and, when a previous model was
 * compared, its test scores. Fetched once per page; a failed fetch is forgotten so a retry can succeed.
 * Also the scans behind the scores: the whole test split when setup installed it, else the gallery's few.
 */
import { parseGalleryManifest } from '../gallery';
import { parseHeadMeta, type HeadMeta } from '../model/core/meta';
import type { TaskId } from '../model/core/tasks';
import { parseScoreFile, type ScoreFile } from '../model/evaluation/scores';
import { sitePath } from '../paths';
import { parseTestSplitManifest, scoreFileName, TEST_SPLIT_DIR, type TestSplitScan } from '../test-split';

export interface HeadRecord {
  meta: HeadMeta;
  test: ScoreFile;
  validation: ScoreFile;
  previous: ScoreFile | null;
}

class HeadRecordMissingError extends Error {}

const records = new Map<TaskId, Promise<HeadRecord>>();

async function json(path: string, what: string, optional = false): Promise<unknown> {
  const response = await fetch(sitePath(path));
  if (response.ok) return response.json() as Promise<unknown>;
  if (optional && response.status === 404) return null;
  throw new HeadRecordMissingError(`The ${what} could not be loaded (HTTP ${response.status}): ${path}.`);
}

async function loadRecord(task: TaskId): Promise<HeadRecord> {
  const base = `weights/heads/${task}/`;
  const [meta, test, validation] = await Promise.all([
    json(`${base}meta.json`, `${task} head's meta.json`),
    json(`${base}test-scores.json`, `${task} head's test scores (npm run evaluate)`),
    json(`${base}validation-scores.json`, `${task} head's validation scores (npm run evaluate -- --validation)`),
  ]);
  const parsed = parseHeadMeta(meta);
  const previous = parsed.previous
    ? await json(`${base}previous-test-scores.json`, 'previous model’s scores', true)
    : null;
  return {
    meta: parsed,
    test: parseScoreFile(test, `${task} test-score file`),
    validation: parseScoreFile(validation, `${task} validation-score file`),
    previous: previous ? parseScoreFile(previous, `${task} previous-model score file`) : null,
  };
}

export function headRecord(task: TaskId): Promise<HeadRecord> {
  let record = records.get(task);
  if (!record) {
    record = loadRecord(task).catch((error: unknown) => {
      records.delete(task);
      throw error;
    });
    records.set(task, record);
  }
  return record;
}

export interface ScanIndex {
  /** The scan a score id names, or null when it is not installed. */
  find(scoreId: string): TestSplitScan | null;
  /** 'whole': setup copied the whole test split; 'gallery': only the gallery's scans; 'none': no scans at all. */
  coverage: 'whole' | 'gallery' | 'none';
}

let scanIndex: Promise<ScanIndex> | null = null;

async function buildScanIndex(): Promise<ScanIndex> {
  const whole = await json(`samples/${TEST_SPLIT_DIR}/manifest.json`, 'test split', true).catch(() => null);
  if (whole) {
    const byKey = new Map(parseTestSplitManifest(whole).scans.map((s) => [s.key, s]));
    return { coverage: 'whole', find: (id) => byKey.get(id) ?? null };
  }
  const gallery = await json('samples/manifest.json', 'gallery', true).catch(() => null);
  if (!gallery) return { coverage: 'none', find: () => null };
  const byName = new Map(
    parseGalleryManifest(gallery)
      .scans.filter((s) => s.split === 'test')
      .map((s) => [`${s.dataset}/${s.label}/${scoreFileName(s.file)}`, s]),
  );
  return {
    coverage: 'gallery',
    find: (id) => {
      const [dataset = '', , label = ''] = id.split('/');
      const scan = byName.get(`${dataset}/${label}/${scoreFileName(id)}`);
      return scan ? { ...scan, key: id } : null;
    },
  };
}

/** The installed test scans, indexed by score id (fetched once per page). */
export function testScanIndex(): Promise<ScanIndex> {
  scanIndex ??= buildScanIndex().catch((error: unknown) => {
    scanIndex = null;
    throw error;
  });
  return scanIndex;
}

/** The URL of a scan under samples/. */
export function scanUrl(scan: TestSplitScan): string {
  return sitePath(`samples/${scan.file}`);
}
