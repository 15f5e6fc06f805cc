/**
 * Proves the training pipeline streams: builds a synthetic tree in the official OCT2017 layout with as many images
 * as the real set (108,312 by default), then lists and embeds all of them through the same code as `npm run train`
 * (listDataset → featuresFor), sampling resident memory. The images are small noise JPEGs and the backbone runs at
 * a small input size so the run takes minutes, not hours; memory is governed by the batch and the file list, not by
 * pixels. Prints peak RSS and throughput. `npm run bench:stream -- [--count 108312] [--size 32] [--keep]`
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createRng } from '../src/lib/model/core/rng';
import { listDataset } from '../src/node/dataset';
import { featuresFor } from '../src/node/feature-store';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '108312' },
    size: { type: 'string', default: '32' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const CLASSES = ['CNV', 'DME', 'DRUSEN', 'NORMAL'] as const;

async function buildTree(root: string): Promise<void> {
  const rng = createRng(1);
  const side = 48;
  for (const cls of CLASSES) await mkdir(join(root, 'OCT2017/train', cls), { recursive: true });
  for (let i = 0; i < count; i++) {
    const cls = CLASSES[i % CLASSES.length] as string;
    const noise = Buffer.alloc(side * side);
    for (let p = 0; p < noise.length; p++) noise[p] = Math.floor(rng() * 256);
    const jpeg = await sharp(noise, { raw: { width: side, height: side, channels: 1 } })
      .jpeg({ quality: 70 })
      .toBuffer();
    await writeFile(join(root, 'OCT2017/train', cls, `${cls}-${100000 + Math.floor(i / 8)}-${i % 8}.jpeg`), jpeg);
    if (i % 20000 === 0) process.stderr.write(`writing synthetic images: ${i}/${count}\n`);
  }
}

const root = values.dir ?? (await mkdtemp(join(tmpdir(), 'lightbox-stream-')));
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 200);
try {
  if (!existsSync(join(root, 'OCT2017'))) await buildTree(root);
  const baseline = process.memoryUsage().rss;
  const { tf } = await nodeRuntime();
  const listing = await listDataset(root, 'oct');
  const afterListing = process.memoryUsage().rss;
  const started = performance.now();
  const table = await featuresFor(
    tf,
    {
      backbone: 'mobilenet_v1_0.25_224',
      layer: 'conv_pw_13_relu',
      inputSize: Number(values.size),
      pooling: 'gap',
    },
    listing.records,
    { cacheRoot: join(root, 'cache') },
  );
  const seconds = (performance.now() - started) / 1000;
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  process.stdout.write(
    `images listed: ${listing.records.length}, embedded: ${table.rows.length} ` +
      `(${table.report.computed} computed, ${table.report.reused} reused, ${table.report.failed.length} unreadable)\n`,
  );
  process.stdout.write(
    `throughput at ${values.size} px: ${(listing.records.length / seconds).toFixed(0)} img/s over ${seconds.toFixed(0)} s\n`,
  );
  process.stdout.write(
    `RSS: before ${mib(baseline)}, after listing ${mib(afterListing)}, peak ${mib(peak)} ` +
      `(the embeddings themselves: ${mib(table.rows.length * 256 * 4)} of float32)\n`,
  );
} finally {
  clearInterval(sampler);
  if (!values.keep && !values.dir) await rm(root, { recursive: true, force: true });
}
