/** Node-only: a fetch over the committed feature files, so the library's loader reads them from disk as the page does over HTTP. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadFeatureSet, type FeatureSplit, type LoadedFeatureSet } from '../lib/model/training/feature-set';
import { PROJECT_ROOT } from './paths';

export function featureDir(task: string): string {
  return join(PROJECT_ROOT, 'public/weights/features', task);
}

export function loadFeatureFiles(task: string, splits: readonly FeatureSplit[]): Promise<LoadedFeatureSet> {
  const dir = featureDir(task);
  return loadFeatureSet('file:', splits, {
    fetch: async (url) => new Response(await readFile(join(dir, url.slice('file:'.length)))),
  });
}
