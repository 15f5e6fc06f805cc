/**
 * Writes the precomputed feature set the in-page trainers learn from and the evaluation chapter reads:
 * `npm run export-features -- [--task cxr] [--data DIR]` → public/weights/features/<task>/ (format in
 * public/weights/FORMAT.md). Runs the shipped model's backbone over every film once (cached by image hash; rerun
 * after an interruption and it resumes).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURE_SPLITS } from '../src/lib/model/training/feature-set';
import { exportFeatures } from '../src/node/export-features';
import { PROJECT_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { readHeadMeta } from '../src/node/ship';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'cxr' },
    data: { type: 'string', default: SHARED_DATA },
    heads: { type: 'string', default: SITE_HEADS },
    out: { type: 'string' },
  },
});
const task = values.task ?? 'cxr';
const headDir = join(values.heads ?? SITE_HEADS, task);
const outDir = values.out ?? join(PROJECT_ROOT, 'public/weights/features', task);
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const { tf } = await nodeRuntime();
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const written = await exportFeatures(tf, {
  headDir,
  dataRoot: values.data ?? SHARED_DATA,
  outDir,
  log,
  signal: controller.signal,
});
// The shipped model's meta.json counted the same split when it trained: say plainly if the two disagree.
const model = await readHeadMeta(headDir);
for (const split of FEATURE_SPLITS) {
  const mine = written.splits[split].countsByClass;
  const theirs = model.data.counts[split];
  const same = written.classes.every((c) => mine[c] === theirs[c]);
  log(
    `${split}: ${JSON.stringify(mine)} ${same ? '= the model’s meta.json' : `≠ the model’s ${JSON.stringify(theirs)}`}`,
  );
}
