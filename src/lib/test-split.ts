/**
 * The whole official test split as scans the reader can open (setup copies it into public/samples/test-split/,
 * git-ignored, when Kermany data is at hand): each scan keyed as the per-image score files name it
 * (`cxr/test/NORMAL/IM-0001-0001.jpeg`), so a confusion cell can show the films it counts.
 */
import type { GalleryScan } from './gallery';

/** Where setup puts the test split, under the gallery folder (samples/). */
export const TEST_SPLIT_DIR = 'test-split';

export interface TestSplitScan extends GalleryScan {
  /** The id the score files (test-scores.json) give this scan. */
  key: string;
}

export interface TestSplitManifest {
  generated: string;
  scans: TestSplitScan[];
}

/** A score id's key: dataset/test/label/file, whatever folder layout the data came in. */
export function testScanKey(dataset: string, label: string, file: string): string {
  return `${dataset}/test/${label}/${file}`;
}

/** The file name a score id ends with (the gallery's fallback match when the whole split was not installed). */
export function scoreFileName(scoreId: string): string {
  return scoreId.split('/').pop() ?? scoreId;
}

class TestSplitUnavailableError extends Error {}

export function parseTestSplitManifest(json: unknown): TestSplitManifest {
  const manifest = json as Partial<TestSplitManifest> | null;
  if (!manifest || !Array.isArray(manifest.scans) || manifest.scans.some((s) => typeof s?.key !== 'string'))
    throw new TestSplitUnavailableError('The test-split manifest has no keyed scans.');
  return manifest as TestSplitManifest;
}
