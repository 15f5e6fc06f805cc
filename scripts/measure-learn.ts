/**
 * Measures the runs chapter 6 states numbers from, with the same library the page uses, on tfjs-wasm, and writes them
 * to public/weights/features/cxr/descent-runs.json (the chapter renders its figures from that file, never typed in):
 * the gradient-descent widget's default seeded run to the stated epoch, and a small-training-set run that overfits.
 * `npm run measure-learn`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DESCENT, STATED_EPOCH } from '../src/components/GradientDescent/state';
import { DescentRun, divergence, type DescentConfig, type DescentPoint } from '../src/lib/model/training/descent';
import { loadFeatureSet } from '../src/lib/model/training/feature-set';
import { currentCommit } from '../src/node/git';
import { PROJECT_ROOT } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const DIR = join(PROJECT_ROOT, 'public/weights/features/cxr');
/** The overfitting example the chapter walks through: few films, no L2, long enough for validation loss to turn. */
const OVERFIT: Omit<DescentConfig, 'seed'> & { epochs: number } = {
  optimiser: 'adam',
  learningRate: 0.01,
  batchSize: 8,
  examples: 8,
  l2: 0,
  epochs: 150,
};

const { tf, backend } = await nodeRuntime();
const set = await loadFeatureSet('', ['train', 'validation'], {
  fetch: (url) => Promise.resolve(new Response(readFileSync(join(DIR, url)))),
});
const { train, validation } = set.splits as Required<typeof set.splits>;

async function measure(config: DescentConfig, epochs: number): Promise<DescentPoint[]> {
  const run = new DescentRun(tf, train, validation, config);
  const history: DescentPoint[] = [];
  const started = performance.now();
  try {
    while (run.epoch < epochs) {
      await run.run(Number.POSITIVE_INFINITY, { yieldNow: () => Promise.resolve() });
      const point = await run.measure();
      history.push(point);
      if (divergence(point)) break;
    }
  } finally {
    run.dispose();
  }
  const last = history[history.length - 1];
  process.stderr.write(
    `${JSON.stringify(config)}: epoch ${last?.epoch}, validation accuracy ${last?.validationAccuracy.toFixed(4)} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  return history;
}

const defaults: DescentConfig = { ...DEFAULT_DESCENT, examples: Math.min(DEFAULT_DESCENT.examples, train.count) };
const { epochs: overfitEpochs, ...overfitSettings } = OVERFIT;
const overfit: DescentConfig = { ...overfitSettings, seed: DEFAULT_DESCENT.seed };
const out = {
  backend,
  created: new Date().toISOString(),
  commit: currentCommit(),
  features: { exportCommit: set.meta.source.exportCommit, train: train.count, validation: validation.count },
  stated: { config: defaults, epochs: STATED_EPOCH, history: await measure(defaults, STATED_EPOCH) },
  overfit: { config: overfit, epochs: overfitEpochs, history: await measure(overfit, overfitEpochs) },
};
writeFileSync(join(DIR, 'descent-runs.json'), `${JSON.stringify(out)}\n`);
process.stderr.write(`wrote ${join(DIR, 'descent-runs.json')}\n`);
