/**
 * The site's gallery of real scans (public/samples, git-ignored) from any Kermany source: per dataset and gallery
 * group, `perClass` images of one split, one per patient, picked by a seeded shuffle (2018 for test, 2019 for train)
 * so the same files give the same gallery whatever layout they come in. Only the picked files are read: each is
 * streamed out of its folder or zip, hashed on the way, and listed with its provenance in manifest.json.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRng, shuffleInPlace } from '../lib/model/core/rng';
import type { GalleryManifest, GalleryScan } from '../lib/gallery';
import type { SourceScan } from './kermany-source';

export const CITATION = 'Kermany et al. 2018, Cell 172(5):1122; data: Mendeley Data doi:10.17632/rscbjbr9sj.2';

class GalleryCopyError extends Error {}

/** Gallery groups: each task's classes, pneumonia split by subtype so both heads get the same number of each. */
function galleryGroup(record: Pick<SourceScan, 'label' | 'subtype'>): string {
  return record.subtype ? `${record.label}/${record.subtype}` : record.label;
}

/** The scans of one split to show, in gallery order: datasets cxr then oct, groups sorted, seeded per dataset. */
export function pickGallery(
  scans: readonly SourceScan[],
  split: 'train' | 'test',
  perClass: number,
): { scan: SourceScan; group: string }[] {
  const picked: { scan: SourceScan; group: string }[] = [];
  for (const dataset of ['cxr', 'oct'] as const) {
    const rng = createRng(split === 'test' ? 2018 : 2019);
    const groups = new Map<string, SourceScan[]>();
    for (const scan of scans.filter((s) => s.dataset === dataset && s.split === split)) {
      const key = galleryGroup(scan);
      groups.set(key, [...(groups.get(key) ?? []), scan]);
    }
    for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const seen = new Set<string>();
      const ordered = shuffleInPlace(
        [...members].sort((a, b) => a.relpath.localeCompare(b.relpath)),
        rng,
      );
      for (const scan of ordered.filter((s) => !seen.has(s.patientId) && seen.add(s.patientId)).slice(0, perClass)) {
        picked.push({ scan, group });
      }
    }
  }
  return picked;
}

/** Streams one scan to `dest` (through a temp name) and returns the sha256 of its bytes. */
export async function copyScan(scan: SourceScan, dest: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const temp = `${dest}.part`;
  await pipeline(await scan.open(), tap, createWriteStream(temp));
  const sha256 = hash.digest('hex');
  if (scan.sha256 && scan.sha256 !== sha256) {
    await rm(temp, { force: true });
    throw new GalleryCopyError(`${scan.relpath}: sha256 ${sha256} differs from the manifest's ${scan.sha256}.`);
  }
  await rename(temp, dest);
  return sha256;
}

/** Copies the picked scans of one split into `outDir` and writes its manifest.json; returns how many. */
export async function writeGallery(
  scans: readonly SourceScan[],
  split: 'train' | 'test',
  perClass: number,
  outDir: string,
): Promise<number> {
  const entries: GalleryScan[] = [];
  for (const { scan, group } of pickGallery(scans, split, perClass)) {
    const file = `${scan.dataset}/${basename(scan.relpath)}`;
    await mkdir(join(outDir, scan.dataset), { recursive: true });
    const sha256 = await copyScan(scan, join(outDir, file));
    entries.push({
      id: basename(scan.relpath).replace(/\.[a-z]+$/i, ''),
      file,
      dataset: scan.dataset,
      label: scan.label,
      subtype: scan.subtype,
      patientId: scan.patientId,
      split,
      group,
      sha256,
      source: scan.source,
      licence: 'CC BY 4.0',
      citation: CITATION,
    });
  }
  const manifest: GalleryManifest = { generated: new Date().toISOString(), scans: entries };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return entries.length;
}
