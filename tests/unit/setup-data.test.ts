/**
 * Setup from the official Kermany download: zips laid out like Mendeley's ZhangLabData.zip and Kaggle's archive
 * (made here from a few real files of ../shared) and the unpacked folders give the same gallery manifests as the
 * same files in ../shared's layout; only the picked files are read out of the zip.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import yazl from 'yazl';
import type { GalleryManifest } from '../../src/lib/gallery';
import { pickGallery } from '../../src/node/gallery-build';
import { openKermanySource, placeOfficialPath } from '../../src/node/kermany-source';
import { SHARED_DATA } from '../../src/node/paths';
import { parseSetupArgs, runSetup } from '../../src/node/setup-run';
import { missing } from './needs-files';

const noData = missing(join(SHARED_DATA, 'MANIFEST.tsv'), 'the setup-from-official-download tests');
const PER_CLASS = 2;
const TRAIN_PER_CLASS = 2;

interface Row {
  relpath: string;
  dataset: string;
  split: string;
  label: string;
  group: string;
  patient: string;
  line: string;
}

/** Three patients per dataset, split and gallery group (the first in the manifest), duplicates left out. */
async function chooseRows(): Promise<{ header: string; rows: Row[] }> {
  const [header = '', ...lines] = (await readFile(join(SHARED_DATA, 'MANIFEST.tsv'), 'utf8')).trimEnd().split('\n');
  const seen = new Map<string, Set<string>>();
  const rows: Row[] = [];
  for (const line of lines) {
    const [relpath = '', dataset = '', split = '', label = '', subtype = '', patient = ''] = line.split('\t');
    if (line.split('\t')[10]) continue;
    const group = `${dataset}/${split}/${label}/${subtype}`;
    const patients = seen.get(group) ?? new Set<string>();
    seen.set(group, patients);
    if (patients.size >= 3 || patients.has(patient)) continue;
    patients.add(patient);
    rows.push({ relpath, dataset, split, label, group, patient, line });
  }
  return { header, rows };
}

/** The official path of a scan: Mendeley v3 (CellData/chest_xray, CellData/OCT) or Kaggle (nested, val, "OCT2017 "). */
function officialPath(row: Row, layout: 'mendeley' | 'kaggle'): string {
  const file = row.relpath.split('/').pop()!;
  if (layout === 'mendeley') {
    return `CellData/${row.dataset === 'cxr' ? 'chest_xray' : 'OCT'}/${row.split}/${row.label}/${file}`;
  }
  if (row.dataset === 'cxr') return `chest_xray/${row.split}/${row.label}/${file}`;
  return `OCT2017 /${row.split === 'test' ? 'val' : 'train'}/${row.label}/${file}`;
}

async function writeZip(path: string, entries: [string, string | Buffer][]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) {
    if (typeof content === 'string') zip.addFile(content, name);
    else zip.addBuffer(content, name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

/** The manifest minus what may differ between layouts: when it was made, and where each file was found. */
async function galleryOf(publicDir: string, folder = ''): Promise<Omit<GalleryManifest['scans'][number], 'source'>[]> {
  const manifest = JSON.parse(
    await readFile(join(publicDir, 'samples', folder, 'manifest.json'), 'utf8'),
  ) as GalleryManifest;
  return manifest.scans.map(({ source, ...scan }) => {
    expect(source).toMatch(/CC BY 4\.0/);
    return scan;
  });
}

async function setupFrom(work: string, name: string, args: string[]): Promise<string> {
  const publicDir = join(work, name);
  const options = parseSetupArgs(
    [...args, '--public', publicDir, '--cache', join(work, 'cache'), '--offline'].concat([
      '--per-class',
      String(PER_CLASS),
      '--train-per-class',
      String(TRAIN_PER_CLASS),
    ]),
    () => undefined,
  );
  expect(await runSetup({ ...options, progress: false })).toBe(0);
  return publicDir;
}

describe.skipIf(noData)('setup from the official Kermany download', () => {
  let work: string;
  let rows: Row[];
  let fromShared: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'lightbox-data-'));
    const chosen = await chooseRows();
    rows = chosen.rows;
    const mini = join(work, 'shared/data/kermany');
    await mkdir(mini, { recursive: true });
    await writeFile(join(mini, 'MANIFEST.tsv'), `${[chosen.header, ...rows.map((r) => r.line)].join('\n')}\n`);
    for (const row of rows) {
      await mkdir(dirname(join(mini, row.relpath)), { recursive: true });
      await symlink(join(SHARED_DATA, row.relpath), join(mini, row.relpath));
    }
    fromShared = await setupFrom(work, 'from-shared', ['--shared', join(work, 'shared')]);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('a Mendeley-style zip gives the same gallery and training manifests as ../shared', async ({ annotate }) => {
    const zipPath = join(work, 'ZhangLabData.zip');
    const entries: [string, string | Buffer][] = rows.map((row) => [
      officialPath(row, 'mendeley'),
      join(SHARED_DATA, row.relpath),
    ]);
    entries.push(['__MACOSX/CellData/chest_xray/test/NORMAL/._x.jpeg', Buffer.from('resource fork')]);
    entries.push(['CellData/chest_xray/.DS_Store', Buffer.from('finder')]);
    const zipStarted = performance.now();
    await writeZip(zipPath, entries);
    const started = performance.now();
    const fromZip = await setupFrom(work, 'from-zip', ['--shared', '/nonexistent', '--data', zipPath]);
    const seconds = (performance.now() - started) / 1000;
    const gallery = await galleryOf(fromShared);
    expect(gallery.length).toBeGreaterThan(10);
    expect(await galleryOf(fromZip)).toEqual(gallery);
    expect(await galleryOf(fromZip, 'training')).toEqual(await galleryOf(fromShared, 'training'));
    const manifest = JSON.parse(await readFile(join(fromZip, 'samples/manifest.json'), 'utf8')) as GalleryManifest;
    expect(manifest.scans[0]?.source).toMatch(/^Kermany et al\. 2018, Mendeley Data .*ZhangLabData\.zip: CellData\//);
    await annotate(
      `${rows.length} real files: zip written in ${((started - zipStarted) / 1000).toFixed(2)} s; ` +
        `setup from the zip (list, pick, stream out ${gallery.length} + training scans, manifests) in ${seconds.toFixed(2)} s`,
    );
  });

  test("Kaggle's layout (nested duplicate folder, val folders, 'OCT2017 ') gives the same gallery", async () => {
    const zipPath = join(work, 'archive.zip');
    const entries: [string, string | Buffer][] = rows.map((row) => [
      officialPath(row, 'kaggle'),
      join(SHARED_DATA, row.relpath),
    ]);
    for (const row of rows.filter((r) => r.dataset === 'cxr'))
      entries.push([`chest_xray/${officialPath(row, 'kaggle')}`, join(SHARED_DATA, row.relpath)]);
    await writeZip(zipPath, entries);
    const fromKaggle = await setupFrom(work, 'from-kaggle', ['--shared', '/nonexistent', '--data', zipPath]);
    expect(await galleryOf(fromKaggle)).toEqual(await galleryOf(fromShared));
    expect(await galleryOf(fromKaggle, 'training')).toEqual(await galleryOf(fromShared, 'training'));
  });

  test('the unpacked official folders give the same gallery', async () => {
    const root = join(work, 'unpacked');
    for (const row of rows) {
      const path = join(
        root,
        officialPath(row, 'mendeley')
          .replace(/^CellData\/OCT\//, 'OCT2017/')
          .replace(/^CellData\//, ''),
      );
      await mkdir(dirname(path), { recursive: true });
      await symlink(join(SHARED_DATA, row.relpath), path);
    }
    const fromFolders = await setupFrom(work, 'from-folders', ['--shared', '/nonexistent', '--data', root]);
    expect(await galleryOf(fromFolders)).toEqual(await galleryOf(fromShared));
  });

  test('only the picked files are read out of the zip', async () => {
    const source = await openKermanySource(join(work, 'ZhangLabData.zip'));
    let opened = 0;
    const scans = source.scans.map((scan) => ({ ...scan, open: () => (opened++, scan.open()) }));
    const picked = pickGallery(scans, 'test', PER_CLASS);
    for (const { scan } of picked) (await scan.open()).resume();
    await source.close();
    expect(scans.length).toBe(rows.length);
    expect(opened).toBe(picked.length);
    expect(picked.length).toBeLessThan(scans.length);
  });
});

describe('placeOfficialPath', () => {
  test.each([
    ['chest_xray/train/PNEUMONIA/person1_bacteria_1.jpeg', { dataset: 'cxr', split: 'train', label: 'PNEUMONIA' }],
    ['chest_xray/val/NORMAL/NORMAL2-IM-1427-0001.jpeg', { dataset: 'cxr', split: 'train', label: 'NORMAL' }],
    ['OCT2017 /val/NORMAL/NORMAL-4872585-1.jpeg', { dataset: 'oct', split: 'test', label: 'NORMAL' }],
    ['CellData/OCT/test/DRUSEN/DRUSEN-1083159-1.jpeg', { dataset: 'oct', split: 'test', label: 'DRUSEN' }],
    ['test/NORMAL/NORMAL-1384-1.jpeg', { dataset: 'oct', split: 'test', label: 'NORMAL' }],
    ['test/NORMAL/IM-0001-0001.jpeg', { dataset: 'cxr', split: 'test', label: 'NORMAL' }],
  ])('%s', (path, placement) => {
    expect(placeOfficialPath(path)).toEqual(placement);
  });

  test('macOS litter and non-images are ignored; unknown folders are reasons', () => {
    expect(placeOfficialPath('__MACOSX/chest_xray/test/NORMAL/._IM-0001-0001.jpeg')).toBeNull();
    expect(placeOfficialPath('chest_xray/test/NORMAL/.DS_Store')).toBeNull();
    expect(placeOfficialPath('chest_xray/README.txt')).toBeNull();
    expect(placeOfficialPath('chest_xray/test/COVID/x.jpeg')).toEqual({ reason: 'unknown class folder "COVID"' });
    expect(placeOfficialPath('chest_xray/NORMAL/x.jpeg')).toEqual({ reason: 'not in a train, test or val folder' });
  });
});
