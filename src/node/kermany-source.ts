/**
 * The Kermany images wherever they are: ../shared's copy (MANIFEST.tsv), an unpacked official download
 * (chest_xray/, OCT2017/, Mendeley v3's CellData/{chest_xray,OCT}/, Kaggle's nested chest_xray/chest_xray/ or
 * "OCT2017 /" folders) or the zip itself (ChestXRay2017.zip, ZhangLabData.zip, Kaggle's archive.zip), read with
 * yauzl from its central directory, so listing costs no image bytes and only the files used are inflated.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { patientIdFromName, subtypeFromName } from '../lib/model/core/tasks';
import { DATASET_CLASSES, listDataset, officialSplit, type ScanRecord } from './dataset';

type DatasetId = 'cxr' | 'oct';

export interface SourceScan extends ScanRecord {
  dataset: DatasetId;
  open(): Promise<Readable>;
}

export interface KermanySource {
  description: string;
  scans: SourceScan[];
  /** Image files that could not be placed (unknown split or class), each with why. */
  skipped: { path: string; reason: string }[];
  close(): Promise<void>;
}

class DataSourceError extends Error {}

const IMAGE_FILE = /\.(jpe?g|png)$/i;
const OFFICIAL_SOURCE = 'Kermany et al. 2018, Mendeley Data doi:10.17632/rscbjbr9sj (CC BY 4.0)';

export async function openKermanySource(path: string): Promise<KermanySource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new DataSourceError(`Data not found: ${path}`);
  if (info.isDirectory()) {
    return existsSync(join(path, 'MANIFEST.tsv')) ? manifestSource(path) : folderSource(path);
  }
  if (/\.zip$/i.test(path)) return zipSource(path);
  if (/\.(tar|tar\.gz|tgz)$/i.test(path)) {
    throw new DataSourceError(`${path}: unpack it first (tar xzf ${basename(path)}) and pass the folder with --data.`);
  }
  throw new DataSourceError(`${path} is neither a folder nor a .zip of the Kermany data.`);
}

async function manifestSource(root: string): Promise<KermanySource> {
  const scans: SourceScan[] = [];
  const skipped: KermanySource['skipped'] = [];
  for (const dataset of ['cxr', 'oct'] as const) {
    const listing = await listDataset(root, dataset);
    skipped.push(...listing.skipped);
    for (const record of listing.records) {
      scans.push({ ...record, dataset, open: () => Promise.resolve(createReadStream(record.path)) });
    }
  }
  return { description: `${root} (MANIFEST.tsv)`, scans, skipped, close: () => Promise.resolve() };
}

/** Where an image of the official layouts belongs, from its path: …/<split>/<CLASS>/<file>. */
export interface Placement {
  dataset: DatasetId;
  split: 'train' | 'test';
  label: string;
}

/**
 * Places a path of an official layout, or says why not; null for files that are not images at all (macOS resource
 * forks, .DS_Store, readme files). Kaggle's `val` folders: chest X-ray val images are official train images
 * (5216 + 16 = 5232), OCT val images are official test images (Kaggle's 968 + 32 = 1000).
 */
export function placeOfficialPath(path: string): Placement | { reason: string } | null {
  const parts = path.split('/').filter((part) => part !== '');
  const file = parts.at(-1) ?? '';
  if (!IMAGE_FILE.test(file) || file.startsWith('.') || parts.includes('__MACOSX')) return null;
  const [folder, label] = [parts.at(-3)?.trim().toLowerCase() ?? '', parts.at(-2)?.trim().toUpperCase() ?? ''];
  if (!['train', 'test', 'val'].includes(folder)) return { reason: `not in a train, test or val folder` };
  const dataset = datasetOf(label, parts.slice(0, -3), file);
  if (!dataset) return { reason: `unknown class folder "${parts.at(-2)}"` };
  const split = officialSplit(folder, dataset) as 'train' | 'test';
  return { dataset, split, label };
}

function datasetOf(label: string, ancestors: readonly string[], file: string): DatasetId | null {
  if (label === 'PNEUMONIA') return 'cxr';
  if (DATASET_CLASSES.oct.includes(label) && label !== 'NORMAL') return 'oct';
  if (label !== 'NORMAL') return null;
  const named = ancestors.map((a) => a.toLowerCase()).reverse();
  for (const folder of named) {
    if (/chest|xray|cxr/.test(folder)) return 'cxr';
    if (/oct/.test(folder)) return 'oct';
  }
  return /^NORMAL-\d+-\d+\./i.test(file) ? 'oct' : 'cxr';
}

/** A record for an image placed by its path; `where` is the archive or folder it came from, for provenance. */
function officialRecord(entry: string, placement: Placement, location: string, where: string): ScanRecord {
  const name = basename(entry);
  return {
    path: location,
    relpath: entry,
    split: placement.split,
    label: placement.label,
    subtype: placement.label === 'PNEUMONIA' ? subtypeFromName(name) : '',
    patientId: patientIdFromName(name),
    sha256: null,
    source: `${OFFICIAL_SOURCE}, ${where}: ${entry}`,
  };
}

/** Keeps one image per dataset, split, class and file name (Kaggle's archive holds chest_xray/ twice). */
class ScanCollector {
  readonly byKey = new Map<string, SourceScan>();
  readonly skipped: KermanySource['skipped'] = [];

  add(entry: string, location: string, where: string, open: () => Promise<Readable>): void {
    const placement = placeOfficialPath(entry);
    if (placement === null) return;
    if ('reason' in placement) {
      this.skipped.push({ path: entry, reason: placement.reason });
      return;
    }
    const key = `${placement.dataset}/${placement.split}/${placement.label}/${basename(entry)}`;
    const kept = this.byKey.get(key);
    if (kept && kept.relpath.length <= entry.length) return;
    this.byKey.set(key, { ...officialRecord(entry, placement, location, where), dataset: placement.dataset, open });
  }

  scans(): SourceScan[] {
    return [...this.byKey.values()];
  }
}

async function folderSource(root: string): Promise<KermanySource> {
  const collector = new ScanCollector();
  for (const file of await walk(root)) {
    const entry = relative(root, file).split(sep).join('/');
    collector.add(entry, file, basename(root), () => Promise.resolve(createReadStream(file)));
  }
  const scans = collector.scans();
  if (scans.length === 0) throw noImages(root);
  return {
    description: `${root} (official layout)`,
    scans,
    skipped: collector.skipped,
    close: () => Promise.resolve(),
  };
}

async function walk(dir: string, depth = 0, found: string[] = []): Promise<string[]> {
  if (depth > 8) return found;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '__MACOSX' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    // Symbolic links (a data folder linked in, files linked from elsewhere) count as what they point to.
    const kind = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry;
    if (kind?.isDirectory()) await walk(path, depth + 1, found);
    else if (kind?.isFile()) found.push(path);
  }
  return found;
}

async function zipSource(path: string): Promise<KermanySource> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const collector = new ScanCollector();
  const where = basename(path);
  await new Promise<void>((done, fail) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) {
        const open = (): Promise<Readable> => zip.openReadStreamPromise(entry);
        collector.add(entry.fileName, `${path}!/${entry.fileName}`, where, open);
      }
      zip.readEntry();
    });
    zip.once('end', done);
    zip.once('error', fail);
    zip.readEntry();
  });
  const scans = collector.scans();
  const close = (): Promise<void> => Promise.resolve(zip.close());
  if (scans.length === 0) {
    await close();
    throw noImages(path);
  }
  return { description: `${path} (zip)`, scans, skipped: collector.skipped, close };
}

function noImages(path: string): DataSourceError {
  return new DataSourceError(
    `${path} holds no Kermany images in the official layout (…/{train,test,val}/{NORMAL,PNEUMONIA,CNV,DME,DRUSEN}/*.jpeg).`,
  );
}
