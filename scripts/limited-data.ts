/**
 * Kermany's limited-data experiment in Node, on the committed CXR feature set and tfjs-wasm: the same library the
 * page runs. `npm run limited-data -- [--seeds 5] [--out FILE]` prints the curve (mean ± sd over seeds, per size),
 * its time, and writes every run to public/weights/features/cxr/limited-data.json, the curve the page is checked
 * against. Ctrl-C cancels between runs.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LIMITED_DEFAULTS,
  LIMITED_SEEDS,
  LIMITED_SIZES,
  limitedDataCurve,
  summariseCurve,
} from '../src/lib/model/training/limited-data';
import { featureDir, loadFeatureFiles } from '../src/node/feature-files';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: String(LIMITED_SEEDS.length) }, out: { type: 'string' } },
});
const seeds = LIMITED_SEEDS.slice(0, Number(values.seeds));
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
try {
  const { tf, backend } = await nodeRuntime();
  const { meta, splits } = await loadFeatureFiles('cxr', ['train', 'test']);
  const started = performance.now();
  const points = await limitedDataCurve(tf, splits.train!, splits.test!, meta.classes.length, {
    seeds,
    signal: controller.signal,
    onProgress: (done, total) => process.stderr.write(`\r${done}/${total} runs`),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  for (const s of summariseCurve(points)) {
    const size = s.perClass === null ? 'all' : String(s.perClass);
    process.stdout.write(
      `${size.padStart(4)} per class (${String(s.images).padStart(4)} images): accuracy ${(s.accuracy.mean * 100).toFixed(1)} % ± ${(s.accuracy.sd * 100).toFixed(1)}, AUC ${s.auc.mean.toFixed(3)} ± ${s.auc.sd.toFixed(3)}\n`,
    );
  }
  process.stdout.write(`${points.length} runs in ${seconds.toFixed(1)} s on ${backend}\n`);
  const out = values.out ?? join(featureDir('cxr'), 'limited-data.json');
  const record = { sizes: LIMITED_SIZES, seeds, config: LIMITED_DEFAULTS, backend, points };
  await writeFile(out, `${JSON.stringify(record)}\n`);
} catch (error) {
  process.stderr.write(`limited-data: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
