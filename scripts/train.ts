/**
 * Trains a task's head: `npm run train -- --task cxr|cxr-pathogen|oct [--data DIR] [--backbone ID] [--candidate NAME]`.
 * Reads ../shared/data/kermany (MANIFEST.tsv) or an official download (chest_xray/…, OCT2017/…). Never reads test.
 * Interrupt it at any time: the embedding cache and finished candidates are kept, and a rerun resumes.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KERMANY_2018 } from '../src/lib/model/evaluation/reference';
import { taskInfo } from '../src/lib/model/core/tasks';
import { CANDIDATES, candidateNamed } from '../src/node/candidates';
import { currentCommit } from '../src/node/git';
import { CACHE_ROOT, SHARED_DATA, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';
import { trainTask } from '../src/node/train-task';
import { writeFile } from 'node:fs/promises';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'cxr' },
    data: { type: 'string', default: SHARED_DATA },
    backbone: { type: 'string' },
    candidate: { type: 'string', multiple: true },
    out: { type: 'string' },
    seed: { type: 'string', default: '7' },
    'validation-fraction': { type: 'string' },
    epochs: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    `Usage: npm run train -- --task cxr|cxr-pathogen|oct [--data DIR] [--backbone ID] [--candidate NAME ...]\n` +
      `Candidates: ${CANDIDATES.map((c) => c.name).join(', ')}\n`,
  );
  process.exit(0);
}
const task = taskInfo(values.task);
let candidates = values.candidate?.length ? values.candidate.map(candidateNamed) : [...CANDIDATES];
if (values.backbone) candidates = candidates.filter((c) => c.feature.backbone === values.backbone);
if (candidates.length === 0) throw new Error(`No candidate uses backbone ${values.backbone}.`);
const commit = currentCommit();
async function main(): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nInterrupt: finishing the current batch; run the same command again to resume.\n');
    controller.abort();
  });
  const { tf } = await nodeRuntime();
  const outDir = values.out ?? join(SITE_HEADS, task.id);
  const meta = await trainTask(tf, {
    task,
    dataRoot: values.data,
    candidates,
    outDir,
    runDir: join(CACHE_ROOT, 'runs', task.id, `seed${values.seed}`),
    seed: Number(values.seed),
    validationFraction: Number(values['validation-fraction'] ?? (task.dataset === 'oct' ? 0.25 : 0.15)),
    params: values.epochs ? { epochs: Number(values.epochs) } : {},
    commit,
    signal: controller.signal,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  meta.reference = KERMANY_2018[task.id];
  if (task.dataset === 'oct' && Object.values(meta.data.counts.train).reduce((a, b) => a + b, 0) < 1000) {
    meta.notice = `Trained on ${
      Object.values(meta.data.counts.train).reduce((a, b) => a + b, 0) +
      Object.values(meta.data.counts.validation).reduce((a, b) => a + b, 0)
    } OCT images: a teaching model, not a diagnostic one.`;
  }
  await writeFile(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  process.stdout.write(`Saved ${task.id} head (${meta.selection.chosen}) to ${outDir}\n`);
}

// Errors end the run with one line (tfjs-wasm would otherwise print its whole module on an uncaught throw).
main().catch((error: unknown) => {
  process.stderr.write(`train: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
