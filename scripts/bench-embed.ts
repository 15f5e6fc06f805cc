/**
 * Embedding throughput per backbone on wasm in Node, end to end (read, decode, preprocess, backbone, pool):
 * `npm run bench:embed -- [--images 128] [--batch 32]`. Prints figures; asserts nothing.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { BACKBONES, defaultCutLayer, loadBackbone } from '../src/lib/model/core/backbone';
import { loadFeatureExtractor } from '../src/lib/model/core/features';
import { listDataset } from '../src/node/dataset';
import { decodeImage } from '../src/node/decode';
import { fileLoader } from '../src/node/model-files';
import { SHARED_DATA, backboneModelJson } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: { images: { type: 'string', default: '128' }, batch: { type: 'string', default: '32' } },
});
const { tf, backend } = await nodeRuntime();
const records = (await listDataset(SHARED_DATA, 'cxr')).records
  .filter((r) => r.split === 'train')
  .slice(0, Number(values.images));
for (const info of BACKBONES) {
  const probe = await loadBackbone(tf, fileLoader(backboneModelJson(info.id)));
  const layer = defaultCutLayer(probe).name;
  probe.dispose();
  const extractor = await loadFeatureExtractor(tf, fileLoader(backboneModelJson(info.id)), {
    backbone: info.id,
    layer,
    inputSize: 224,
    pooling: 'gap',
  });
  await extractor.embed([await decodeImage(await readFile(records[0]!.path), 'warm-up')]);
  const started = performance.now();
  const batch = Number(values.batch);
  for (let i = 0; i < records.length; i += batch) {
    const images = await Promise.all(
      records.slice(i, i + batch).map(async (r) => decodeImage(await readFile(r.path), r.relpath)),
    );
    await extractor.embed(images);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${info.id} @ ${layer} on ${backend}: ${(records.length / seconds).toFixed(1)} img/s over ${records.length} images (batch ${batch})\n`,
  );
  extractor.dispose();
}
