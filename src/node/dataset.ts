/**
 * Node-only: finds the Kermany images of one dataset (cxr | oct) in either layout.
 * - ../shared/data/kermany: MANIFEST.tsv (rows with `duplicate_of` dropped; provenance kept per row).
 * - The official download: chest_xray/{train,test,val}/{NORMAL,PNEUMONIA}/ or OCT2017/{train,test}/{CNV,…}/.
 * Streams nothing into memory but the file list: 108 k records are ~30 MB.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { patientIdFromName, subtypeFromName } from '../lib/model/core/tasks';

type Split = 'train' | 'test';

export interface ScanRecord {
  /** Absolute path. */
  path: string;
  /** Path relative to the dataset root, the id shown in messages and written in derived data. */
  relpath: string;
  split: Split;
  label: string;
  subtype: string;
  patientId: string;
  /** From the manifest when known; otherwise computed while reading the bytes. */
  sha256: string | null;
  source: string;
}

export interface DatasetListing {
  root: string;
  layout: 'manifest' | 'official';
  records: ScanRecord[];
  /** Files or folders not used, each with why: printed, never silent. */
  skipped: { path: string; reason: string }[];
}

export const DATASET_CLASSES: Readonly<Record<'cxr' | 'oct', readonly string[]>> = {
  cxr: ['NORMAL', 'PNEUMONIA'],
  oct: ['CNV', 'DME', 'DRUSEN', 'NORMAL'],
};

const OFFICIAL_FOLDER = { cxr: 'chest_xray', oct: 'OCT2017' } as const;
const IMAGE_FILE = /\.(jpe?g|png)$/i;

export class DatasetLayoutError extends Error {}

export async function listDataset(root: string, dataset: 'cxr' | 'oct'): Promise<DatasetListing> {
  if (!existsSync(root)) throw new DatasetLayoutError(`Data folder not found: ${root}`);
  if (existsSync(join(root, 'MANIFEST.tsv'))) return listFromManifest(root, dataset);
  const official = [join(root, OFFICIAL_FOLDER[dataset]), root].find((dir) => existsSync(join(dir, 'train')));
  if (!official) {
    throw new DatasetLayoutError(
      `${root} has neither MANIFEST.tsv nor ${OFFICIAL_FOLDER[dataset]}/train/<CLASS>/ ` +
        `(the official Kermany layout, Mendeley Data doi:10.17632/rscbjbr9sj).`,
    );
  }
  return listOfficial(official, dataset);
}

async function listFromManifest(root: string, dataset: 'cxr' | 'oct'): Promise<DatasetListing> {
  const [header, ...lines] = (await readFile(join(root, 'MANIFEST.tsv'), 'utf8')).trimEnd().split('\n');
  const columns = (header ?? '').split('\t');
  const at = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) throw new DatasetLayoutError(`MANIFEST.tsv has no "${name}" column.`);
    return index;
  };
  const col = {
    relpath: at('relpath'),
    dataset: at('dataset'),
    split: at('split'),
    label: at('label'),
    subtype: at('subtype'),
    patient: at('patient_id'),
    sha: at('sha256'),
    repo: at('source_repo'),
    duplicate: at('duplicate_of'),
  };
  const records: ScanRecord[] = [];
  const skipped: DatasetListing['skipped'] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    const cell = (index: number): string => cells[index] ?? '';
    if (cell(col.dataset) !== dataset) continue;
    const relpath = cell(col.relpath);
    if (cell(col.duplicate)) {
      skipped.push({ path: relpath, reason: `byte-identical to ${cell(col.duplicate)}` });
      continue;
    }
    const split = cell(col.split);
    if (split !== 'train' && split !== 'test') {
      skipped.push({ path: relpath, reason: `unknown split "${split}"` });
      continue;
    }
    records.push({
      path: join(root, relpath),
      relpath,
      split,
      label: cell(col.label),
      subtype: cell(col.subtype),
      patientId: cell(col.patient),
      sha256: cell(col.sha) || null,
      source: `${cell(col.repo)} (CC BY 4.0)`,
    });
  }
  return { root, layout: 'manifest', records, skipped };
}

/**
 * The split an official folder belongs to. Kaggle's copies add a `val` folder: for chest X-ray its 16 films come out
 * of the official training set (5,232 = 5,216 + 16); for OCT its 32 scans come out of the official TEST set, so they
 * must never be trained on. Null: not a split folder.
 */
export function officialSplit(folder: string, dataset: 'cxr' | 'oct'): Split | null {
  const name = folder.trim().toLowerCase();
  if (name === 'test') return 'test';
  if (name === 'train') return 'train';
  if (name === 'val') return dataset === 'oct' ? 'test' : 'train';
  return null;
}

async function listOfficial(root: string, dataset: 'cxr' | 'oct'): Promise<DatasetListing> {
  const classes = DATASET_CLASSES[dataset];
  const records: ScanRecord[] = [];
  const skipped: DatasetListing['skipped'] = [];
  for (const splitFolder of await readdir(root)) {
    const split = officialSplit(splitFolder, dataset);
    if (!(await stat(join(root, splitFolder))).isDirectory()) continue;
    if (!split) {
      skipped.push({ path: splitFolder, reason: 'not a split folder (train, val or test)' });
      continue;
    }
    for (const classFolder of await readdir(join(root, splitFolder))) {
      const relDir = `${splitFolder}/${classFolder}`;
      if (!(await stat(join(root, relDir))).isDirectory()) continue;
      if (!classes.includes(classFolder)) {
        skipped.push({ path: relDir, reason: `unknown class folder (expected ${classes.join(', ')})` });
        continue;
      }
      const files = (await readdir(join(root, relDir))).sort();
      const images = files.filter((file) => IMAGE_FILE.test(file));
      if (images.length === 0) skipped.push({ path: relDir, reason: 'empty class folder' });
      for (const file of files.filter((f) => !IMAGE_FILE.test(f))) {
        skipped.push({ path: `${relDir}/${file}`, reason: 'not a .jpeg/.jpg/.png file' });
      }
      for (const file of images) {
        const name = basename(file);
        records.push({
          path: join(root, relDir, file),
          relpath: `${relDir}/${file}`,
          split,
          label: classFolder,
          subtype: classFolder === 'PNEUMONIA' ? subtypeFromName(name) : '',
          patientId: patientIdFromName(name),
          sha256: null,
          source: 'Kermany et al. 2018, Mendeley Data (CC BY 4.0)',
        });
      }
    }
  }
  return { root, layout: 'official', records, skipped };
}
