/**
 * Setup's copy of the whole official TEST split (CXR 624 films, about 5 MB; OCT's few scans) into the git-ignored
 * gallery folder, so the evaluation chapter can open every film a confusion cell counts, misclassified ones included.
 * Duplicates (the manifest's duplicate_of) stay out, as they are out of the score files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { testScanKey, type TestSplitManifest, type TestSplitScan } from '../lib/test-split';
import { CITATION, copyScan } from './gallery-build';
import type { SourceScan } from './kermany-source';

/** Every test-split scan, in a stable order, keyed as the score files name it. */
function testSplitScans(scans: readonly SourceScan[]): { scan: SourceScan; key: string }[] {
  return scans
    .filter((s) => s.split === 'test')
    .map((scan) => ({ scan, key: testScanKey(scan.dataset, scan.label, basename(scan.relpath)) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Copies the test split into `outDir` (dataset/label/file) with a manifest.json; returns how many. */
export async function writeTestSplit(scans: readonly SourceScan[], outDir: string, dirName: string): Promise<number> {
  const entries: TestSplitScan[] = [];
  for (const { scan, key } of testSplitScans(scans)) {
    const relative = `${scan.dataset}/${scan.label}/${basename(scan.relpath)}`;
    await mkdir(join(outDir, scan.dataset, scan.label), { recursive: true });
    const sha256 = await copyScan(scan, join(outDir, relative));
    entries.push({
      key,
      id: basename(scan.relpath).replace(/\.[a-z]+$/i, ''),
      file: `${dirName}/${relative}`,
      dataset: scan.dataset,
      label: scan.label,
      subtype: scan.subtype,
      patientId: scan.patientId,
      split: 'test',
      group: scan.subtype ? `${scan.label}/${scan.subtype}` : scan.label,
      sha256,
      source: scan.source,
      licence: 'CC BY 4.0',
      citation: CITATION,
    });
  }
  const manifest: TestSplitManifest = { generated: new Date().toISOString(), scans: entries };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  return entries.length;
}
