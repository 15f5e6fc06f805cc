import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DatasetLayoutError, listDataset, type DatasetListing, officialSplit } from '../../src/node/dataset';
import { SHARED_DATA as DATA } from '../../src/node/paths';
import { missing } from './needs-files';

const noManifest = missing(join(DATA, 'MANIFEST.tsv'), 'listDataset on the shared MANIFEST.tsv');

interface ManifestRow {
  relpath: string;
  dataset: string;
  split: string;
  label: string;
  subtype: string;
  patient: string;
  sha: string;
  duplicateOf: string;
}

async function readManifest(): Promise<ManifestRow[]> {
  const [header, ...lines] = (await readFile(join(DATA, 'MANIFEST.tsv'), 'utf8')).trimEnd().split('\n');
  const cols = (header ?? '').split('\t');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const c = line.split('\t');
    return {
      relpath: c[at('relpath')] ?? '',
      dataset: c[at('dataset')] ?? '',
      split: c[at('split')] ?? '',
      label: c[at('label')] ?? '',
      subtype: c[at('subtype')] ?? '',
      patient: c[at('patient_id')] ?? '',
      sha: c[at('sha256')] ?? '',
      duplicateOf: c[at('duplicate_of')] ?? '',
    };
  });
}

const tally = (keys: string[]) =>
  keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

describe.skipIf(noManifest)('listDataset on MANIFEST.tsv', () => {
  let rows: ManifestRow[];
  let cxr: DatasetListing;
  let oct: DatasetListing;
  beforeAll(async () => {
    rows = await readManifest();
    [cxr, oct] = await Promise.all([listDataset(DATA, 'cxr'), listDataset(DATA, 'oct')]);
  });

  test('cxr: the official 5216 + 624 files, less the byte-identical duplicates', () => {
    const all = rows.filter((r) => r.dataset === 'cxr');
    expect(all.filter((r) => r.split === 'train')).toHaveLength(5216);
    expect(all.filter((r) => r.split === 'test')).toHaveLength(624);
    const duplicates = all.filter((r) => r.duplicateOf !== '');
    expect(duplicates.length).toBeGreaterThan(0);
    expect(cxr.layout).toBe('manifest');
    expect(cxr.records).toHaveLength(5216 + 624 - duplicates.length);
  });

  test('cxr: counts by split and label match the manifest rows without duplicates', () => {
    const kept = rows.filter((r) => r.dataset === 'cxr' && r.duplicateOf === '');
    expect(tally(cxr.records.map((r) => `${r.split}/${r.label}`))).toEqual(
      tally(kept.map((r) => `${r.split}/${r.label}`)),
    );
    expect(tally(cxr.records.map((r) => r.subtype))).toEqual(tally(kept.map((r) => r.subtype)));
  });

  test('duplicates are skipped with a reason naming the original', () => {
    const duplicates = rows.filter((r) => r.dataset === 'cxr' && r.duplicateOf !== '');
    expect(cxr.skipped).toHaveLength(duplicates.length);
    for (const dup of duplicates) {
      expect(cxr.skipped).toContainEqual({ path: dup.relpath, reason: `byte-identical to ${dup.duplicateOf}` });
    }
    const recordPaths = new Set(cxr.records.map((r) => r.relpath));
    for (const dup of duplicates) expect(recordPaths.has(dup.relpath)).toBe(false);
  });

  test('records carry the manifest fields and an absolute path', () => {
    const row = rows.find((r) => r.dataset === 'cxr' && r.split === 'train' && r.subtype === 'virus' && !r.duplicateOf);
    const record = cxr.records.find((r) => r.relpath === row?.relpath);
    expect(record).toMatchObject({
      path: join(DATA, row?.relpath ?? ''),
      split: 'train',
      label: 'PNEUMONIA',
      subtype: 'virus',
      patientId: row?.patient,
      sha256: row?.sha,
    });
    expect(record?.source).toMatch(/CC BY 4\.0/);
    expect(new Set(cxr.records.map((r) => r.relpath)).size).toBe(cxr.records.length);
  });

  test('oct: only OCT rows, counts from the manifest', () => {
    const kept = rows.filter((r) => r.dataset === 'oct' && r.duplicateOf === '');
    expect(oct.records).toHaveLength(kept.length);
    expect(tally(oct.records.map((r) => `${r.split}/${r.label}`))).toEqual(
      tally(kept.map((r) => `${r.split}/${r.label}`)),
    );
    expect(oct.records.every((r) => r.relpath.startsWith('oct/'))).toBe(true);
  });
});

describe('listDataset on the official folder layout', () => {
  let root: string;
  let listing: DatasetListing;
  const tinyJpeg = () =>
    sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .jpeg()
      .toBuffer();
  const tinyPng = () =>
    sharp({ create: { width: 5, height: 5, channels: 3, background: '#282828' } })
      .grayscale()
      .png()
      .toBuffer();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lightbox-dataset-'));
    const base = join(root, 'chest_xray');
    const files: Record<string, Buffer | string> = {
      'train/NORMAL/IM-0001-0001.jpeg': await tinyJpeg(),
      'train/NORMAL/IM-0001-0002.jpeg': await tinyJpeg(),
      'train/NORMAL/NORMAL2-IM-0005-0001.jpeg': await tinyJpeg(),
      'train/NORMAL/notes.txt': 'not an image',
      'train/PNEUMONIA/person1_bacteria_1.jpeg': await tinyJpeg(),
      'train/PNEUMONIA/person2_virus_3.png': await tinyPng(),
      'train/COVID/covid-1.jpeg': await tinyJpeg(),
      'val/PNEUMONIA/person9_bacteria_40.jpeg': await tinyJpeg(),
      'test/NORMAL/IM-0003-0001.jpeg': await tinyJpeg(),
      '__MACOSX/junk.jpeg': await tinyJpeg(),
      'README.txt': 'top-level file, ignored',
    };
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(join(base, rel, '..'), { recursive: true });
      await writeFile(join(base, rel), content);
    }
    await mkdir(join(base, 'test/PNEUMONIA'), { recursive: true });
    listing = await listDataset(root, 'cxr');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('finds chest_xray/ under the root and lists the images, val counted as train', () => {
    expect(listing.layout).toBe('official');
    expect(listing.root).toBe(join(root, 'chest_xray'));
    expect(listing.records.map((r) => r.relpath).sort()).toEqual([
      'test/NORMAL/IM-0003-0001.jpeg',
      'train/NORMAL/IM-0001-0001.jpeg',
      'train/NORMAL/IM-0001-0002.jpeg',
      'train/NORMAL/NORMAL2-IM-0005-0001.jpeg',
      'train/PNEUMONIA/person1_bacteria_1.jpeg',
      'train/PNEUMONIA/person2_virus_3.png',
      'val/PNEUMONIA/person9_bacteria_40.jpeg',
    ]);
  });

  test('records get split, label, subtype and patient from folders and names', () => {
    const by = (rel: string) => listing.records.find((r) => r.relpath === rel);
    expect(by('val/PNEUMONIA/person9_bacteria_40.jpeg')).toMatchObject({
      split: 'train',
      label: 'PNEUMONIA',
      subtype: 'bacteria',
      patientId: 'person9',
    });
    expect(by('train/PNEUMONIA/person2_virus_3.png')).toMatchObject({
      split: 'train',
      subtype: 'virus',
      patientId: 'person2',
    });
    expect(by('train/NORMAL/NORMAL2-IM-0005-0001.jpeg')).toMatchObject({
      label: 'NORMAL',
      subtype: '',
      patientId: 'NORMAL2-IM-0005',
    });
    expect(by('test/NORMAL/IM-0003-0001.jpeg')).toMatchObject({ split: 'test', patientId: 'IM-0003', sha256: null });
    expect(by('train/NORMAL/IM-0001-0001.jpeg')?.path).toBe(join(root, 'chest_xray/train/NORMAL/IM-0001-0001.jpeg'));
  });

  test('everything left out is listed with why', () => {
    const reasons = Object.fromEntries(listing.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      'train/COVID': 'unknown class folder (expected NORMAL, PNEUMONIA)',
      'train/NORMAL/notes.txt': 'not a .jpeg/.jpg/.png file',
      'test/PNEUMONIA': 'empty class folder',
      __MACOSX: 'not a split folder (train, val or test)',
    });
  });

  test('the layout folder itself can be given as the root', async () => {
    const direct = await listDataset(join(root, 'chest_xray'), 'cxr');
    expect(direct.records).toHaveLength(listing.records.length);
  });

  test('a missing folder and a folder without either layout throw DatasetLayoutError', async () => {
    const missing = join(root, 'nope');
    await expect(listDataset(missing, 'cxr')).rejects.toThrow(DatasetLayoutError);
    await expect(listDataset(missing, 'cxr')).rejects.toThrow(`Data folder not found: ${missing}`);
    // No OCT2017/ (and no train/) under root: the message names what was expected.
    await expect(listDataset(root, 'oct')).rejects.toThrow(DatasetLayoutError);
    await expect(listDataset(root, 'oct')).rejects.toThrow(/neither MANIFEST\.tsv nor OCT2017\/train\/<CLASS>\//);
  });
});

describe('officialSplit', () => {
  test("Kaggle's val folder: chest X-ray films come from training, OCT scans from the official test set", () => {
    expect(officialSplit('val', 'cxr')).toBe('train');
    expect(officialSplit('val', 'oct')).toBe('test');
    expect(officialSplit('train', 'oct')).toBe('train');
    expect(officialSplit(' Test', 'cxr')).toBe('test');
    expect(officialSplit('__MACOSX', 'cxr')).toBeNull();
  });
});
