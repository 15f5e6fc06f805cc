/**
 * Setup without ../shared: both backbones come from a local stand-in for their official host through --mirror, are
 * verified tensor by tensor, and predict exactly as the ../shared copies do; a corrupted and a truncated file are
 * refused with the tensor named and nothing half-written left in place; an unreachable host gives the instructions,
 * and a non-zero exit only with --require-model. Loopback only, bounded attempts and timeouts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type * as tfc from '@tensorflow/tfjs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { backboneInfo, loadBackbone } from '../../src/lib/model/core/backbone';
import { parseImagenetLabels, topK } from '../../src/lib/model/core/imagenet';
import { toInputTensor } from '../../src/lib/model/core/preprocess';
import { stagingDir } from '../../src/node/backbone-fetch';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { PROJECT_ROOT, SHARED_DATA, SHARED_WEIGHTS } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';
import { parseSetupArgs, runSetup, type SetupOptions } from '../../src/node/setup-run';
import { missing } from './needs-files';
import { startOfficialServer, type OfficialServer } from './official-server';

const V1 = 'mobilenet_v1_0.25_224';
const V2 = 'mobilenet_v2_0.35_224_notop';
const V1_PATH = `/tfjs-models/tfjs/${V1}/`;
const V2_PATH = '/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/';
const SCAN = join(SHARED_DATA, 'cxr/test/NORMAL/IM-0001-0001.jpeg');
const noShared =
  [join(SHARED_WEIGHTS, V1, 'model.json'), join(SHARED_WEIGHTS, V2, 'model.json'), SCAN].filter((path) =>
    missing(path, 'the backbone download tests (served from ../shared)'),
  ).length > 0;

let server: OfficialServer;
let work: string;
let lines: string[];

function options(extra: string[] = []): SetupOptions {
  const parsed = parseSetupArgs(
    [
      '--shared',
      '/nonexistent',
      '--mirror',
      server.url,
      '--cache',
      join(work, 'cache'),
      '--public',
      join(work, 'public'),
    ].concat(['--attempts', '3', '--timeout', '5'], extra),
    (line) => lines.push(line),
  );
  return { ...parsed, backoffMs: 20, progress: false };
}
const siteDir = (id: string): string => join(work, 'public/weights/backbones', id);

describe.skipIf(noShared)('setup downloads the backbones from their official location (a local stand-in)', () => {
  beforeAll(async () => {
    server = await startOfficialServer({ [V1_PATH]: join(SHARED_WEIGHTS, V1), [V2_PATH]: join(SHARED_WEIGHTS, V2) });
    return () => server.close();
  });
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'lightbox-download-'));
    lines = [];
    server.log.length = 0;
    server.faults.clear();
    return () => rm(work, { recursive: true, force: true });
  });

  test('both backbones download, verify and predict exactly as the ../shared copies', async ({ annotate }) => {
    const started = performance.now();
    expect(await runSetup(options(['--require-model']))).toBe(0);
    const seconds = (performance.now() - started) / 1000;
    expect(lines.join('\n')).toMatch(new RegExp(`backbone ${V1}: verified \\(download`));
    expect(lines.join('\n')).toMatch(new RegExp(`backbone ${V2}: verified \\(download`));
    expect(server.log.every((line) => line.startsWith(`GET ${V1_PATH}`) || line.startsWith(`GET ${V2_PATH}`))).toBe(
      true,
    );
    const { tf } = await nodeRuntime();
    const image = await decodeImage(await readFile(SCAN), SCAN);
    const predict = async (dir: string, id: string): Promise<Float32Array> => {
      const model = await loadBackbone(tf, fileLoader(join(dir, id, 'model.json')));
      const output = tf.tidy(() => model.predict(toInputTensor(tf, image, backboneInfo(id).input)) as tfc.Tensor);
      const values = (await output.data()) as Float32Array;
      output.dispose();
      model.dispose();
      return values;
    };
    const labels = async (dir: string): Promise<string[]> =>
      parseImagenetLabels(JSON.parse(await readFile(join(dir, V1, 'imagenet_labels.json'), 'utf8')));
    const site = join(work, 'public/weights/backbones');
    const top5 = topK(await predict(site, V1), await labels(site), 5);
    expect(top5).toEqual(topK(await predict(SHARED_WEIGHTS, V1), await labels(SHARED_WEIGHTS), 5));
    expect(Array.from(await predict(site, V2))).toEqual(Array.from(await predict(SHARED_WEIGHTS, V2)));
    await annotate(
      `download + verify of both backbones (3.7 MB) from 127.0.0.1: ${seconds.toFixed(2)} s; ` +
        `top-5 of ${SCAN.split('/').pop()}: ${top5.map((r) => `${r.label.split(',')[0]} ${r.probability.toFixed(3)}`).join('; ')}`,
    );
  });

  test('an interrupted transfer resumes with a Range request', async () => {
    server.faults.set(`${V2_PATH}group1-shard1of1.bin`, 'drop-once');
    expect(await runSetup(options())).toBe(0);
    // The server sent half (820,416 bytes) and reset the connection; how much of it arrived is up to TCP.
    const requests = server.log.filter((line) => line.includes('group1-shard1of1.bin'));
    expect(requests).toHaveLength(2);
    expect(requests[0]).toBe(`GET ${V2_PATH}group1-shard1of1.bin`);
    const resumedFrom = Number(/ bytes=(\d+)-$/.exec(requests[1] ?? '')?.[1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThanOrEqual(820_416);
    expect(existsSync(join(siteDir(V2), 'model.json'))).toBe(true);
  });

  test('a corrupted file is refused, named by its tensor, removed; the next run fetches only it', async () => {
    server.faults.set(`${V1_PATH}group29-shard1of1`, 'corrupt');
    expect(await runSetup(options())).toBe(0);
    const output = lines.join('\n');
    expect(output).toContain('tensor conv_preds/kernel differs');
    expect(output).toContain('removed group29-shard1of1');
    expect(existsSync(siteDir(V1))).toBe(false);
    expect(existsSync(join(work, 'cache', V1))).toBe(false);
    const staged = await readdir(stagingDir(join(work, 'cache'), V1));
    expect(staged).not.toContain('group29-shard1of1');
    expect(staged.filter((file) => file.endsWith('.part'))).toEqual([]);
    expect(existsSync(join(siteDir(V2), 'model.json'))).toBe(true);
    server.faults.clear();
    server.log.length = 0;
    lines = [];
    expect(await runSetup(options(['--require-model']))).toBe(0);
    expect(server.log).toEqual([`GET ${V1_PATH}group29-shard1of1`]);
    expect(existsSync(join(siteDir(V1), 'group29-shard1of1'))).toBe(true);
  });

  test('a truncated file is refused with the tensor that does not fit, and nothing is installed', async () => {
    server.faults.set(`${V2_PATH}group1-shard1of1.bin`, 'truncate');
    expect(await runSetup(options())).toBe(0);
    expect(lines.join('\n')).toMatch(/group1-shard1of1\.bin is truncated: tensor \S+ needs bytes/);
    expect(existsSync(siteDir(V2))).toBe(false);
    expect(existsSync(join(work, 'cache', V2))).toBe(false);
    expect(await readdir(stagingDir(join(work, 'cache'), V2))).toEqual(['model.json']);
    expect(await runSetup(options(['--require-model']))).toBe(1);
  });

  test('a copy in the cache is verified and used without any request', async () => {
    expect(await runSetup(options())).toBe(0);
    await rm(join(work, 'public'), { recursive: true });
    server.log.length = 0;
    lines = [];
    expect(await runSetup(options(['--require-model']))).toBe(0);
    expect(server.log).toEqual([]);
    expect(lines.join('\n')).toMatch(new RegExp(`backbone ${V1}: verified \\(cache\\)`));
  });
});

describe('an unreachable host', () => {
  let closedUrl: string;
  let offline: string;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
    await new Promise((done) => probe.close(done));
    offline = await mkdtemp(join(tmpdir(), 'lightbox-offline-'));
  });
  afterAll(() => rm(offline, { recursive: true, force: true }));

  const setup = (extra: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/setup.ts', '--shared', '/nonexistent', '--mirror', closedUrl]
        .concat(['--cache', join(offline, 'cache'), '--public', join(offline, 'public'), '--attempts', '2'])
        .concat(['--timeout', '5'], extra),
      { cwd: PROJECT_ROOT, timeout: 60_000 },
    );

  test('prints what to do and exits 0', async () => {
    const { stdout } = await setup([]);
    expect(stdout).toContain('No verified copy of these backbones could be found or downloaded');
    expect(stdout).toContain('ECONNREFUSED');
    expect(stdout).toContain('npm run setup -- --mirror URL');
    expect(stdout).toContain('The site still builds and runs');
    expect(existsSync(join(offline, 'public/weights/backbones', V1))).toBe(false);
  });

  test('exits non-zero with --require-model', async () => {
    await expect(setup(['--require-model'])).rejects.toMatchObject({ code: 1 });
  });
});
