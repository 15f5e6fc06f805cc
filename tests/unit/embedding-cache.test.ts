import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EmbeddingCache } from '../../src/node/embedding-cache';

const DIM = 4;
let dir: string;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'lightbox-cache-')), 'space');
});

afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

const vec = (...values: number[]) => Float32Array.from(values);
const rows = [
  { sha256: 'aaa', vector: vec(1, 2, 3, 4) },
  { sha256: 'bbb', vector: vec(-1, 0.5, 0.25, 1e6) },
  { sha256: 'ccc', vector: vec(9, 8, 7, 6) },
];
const vectorBytes = async () => (await stat(join(dir, 'vectors.f32'))).size;
const indexLines = async () => (await readFile(join(dir, 'index.tsv'), 'utf8')).split('\n').filter(Boolean);

describe('EmbeddingCache', () => {
  test('a new cache creates its folder and files and is empty', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    expect(cache.size).toBe(0);
    expect(cache.dimension).toBe(DIM);
    expect(await vectorBytes()).toBe(0);
    expect(await indexLines()).toEqual([]);
    await expect(cache.get('aaa')).rejects.toThrow('No cached embedding for aaa.');
  });

  test('append then get returns the same values; files hold exactly the rows', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows.slice(0, 2));
    expect(Array.from(await cache.get('bbb'))).toEqual([-1, 0.5, 0.25, 1e6]);
    await cache.append(rows.slice(2));
    expect(cache.size).toBe(3);
    expect(cache.has('ccc')).toBe(true);
    expect(cache.has('zzz')).toBe(false);
    for (const row of rows) expect(Array.from(await cache.get(row.sha256))).toEqual(Array.from(row.vector));
    expect(await vectorBytes()).toBe(3 * DIM * 4);
    expect(await indexLines()).toEqual(['aaa\t0', 'bbb\t1', 'ccc\t2']);
  });

  test('rows already present (or repeated in one call) are not appended again', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows.slice(0, 1));
    await cache.append([rows[0]!, { sha256: 'aaa', vector: vec(0, 0, 0, 0) }, rows[1]!]);
    expect(cache.size).toBe(2);
    expect(Array.from(await cache.get('aaa'))).toEqual([1, 2, 3, 4]);
    await cache.append([]);
    expect(await vectorBytes()).toBe(2 * DIM * 4);
  });

  test('reopening keeps every row', async () => {
    const first = await EmbeddingCache.open(dir, DIM);
    await first.append(rows);
    const again = await EmbeddingCache.open(dir, DIM);
    expect(again.size).toBe(3);
    expect(Array.from(await again.get('aaa'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(await again.get('ccc'))).toEqual([9, 8, 7, 6]);
    await again.append([{ sha256: 'ddd', vector: vec(5, 5, 5, 5) }]);
    expect(await indexLines()).toEqual(['aaa\t0', 'bbb\t1', 'ccc\t2', 'ddd\t3']);
    expect(Array.from(await again.get('ddd'))).toEqual([5, 5, 5, 5]);
  });

  test('a torn vector write (extra bytes after the last row) is cut off on open', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows);
    await appendFile(join(dir, 'vectors.f32'), new Uint8Array([1, 2, 3, 4, 5, 6]));
    const repaired = await EmbeddingCache.open(dir, DIM);
    expect(repaired.size).toBe(3);
    expect(await vectorBytes()).toBe(3 * DIM * 4);
    expect(Array.from(await repaired.get('ccc'))).toEqual([9, 8, 7, 6]);
    await repaired.append([{ sha256: 'ddd', vector: vec(5, 6, 7, 8) }]);
    expect(Array.from(await (await EmbeddingCache.open(dir, DIM)).get('ddd'))).toEqual([5, 6, 7, 8]);
  });

  test('an index line past the data (vectors never written) is dropped on open', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows.slice(0, 2));
    await appendFile(join(dir, 'index.tsv'), 'ccc\t2\n');
    const repaired = await EmbeddingCache.open(dir, DIM);
    expect(repaired.size).toBe(2);
    expect(repaired.has('ccc')).toBe(false);
    expect(await indexLines()).toEqual(['aaa\t0', 'bbb\t1']);
    await repaired.append(rows.slice(2));
    expect(Array.from(await repaired.get('ccc'))).toEqual([9, 8, 7, 6]);
  });

  test('half a row of data with its index line: both cut back to the last whole row', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows.slice(0, 2));
    await appendFile(join(dir, 'vectors.f32'), new Uint8Array(new Float32Array([9, 8]).buffer));
    await appendFile(join(dir, 'index.tsv'), 'ccc\t2\nddd\t');
    const repaired = await EmbeddingCache.open(dir, DIM);
    expect(repaired.size).toBe(2);
    expect(await vectorBytes()).toBe(2 * DIM * 4);
    expect(await indexLines()).toEqual(['aaa\t0', 'bbb\t1']);
  });

  test('an emptied or missing index starts the space over (unindexed vectors are unreachable)', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows);
    await writeFile(join(dir, 'index.tsv'), '');
    const emptied = await EmbeddingCache.open(dir, DIM);
    expect(emptied.size).toBe(0);
    expect(await vectorBytes()).toBe(0);
    await emptied.append(rows);
    await rm(join(dir, 'index.tsv'));
    const missing = await EmbeddingCache.open(dir, DIM);
    expect(missing.size).toBe(0);
    expect(await vectorBytes()).toBe(0);
    expect(await indexLines()).toEqual([]);
  });

  test('a vector of the wrong dimension throws and writes nothing', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await expect(cache.append([rows[0]!, { sha256: 'bad', vector: vec(1, 2, 3) }])).rejects.toThrow(
      'Embedding has 3 values; this cache holds 4.',
    );
    expect(cache.size).toBe(0);
    expect(await vectorBytes()).toBe(0);
    expect(await indexLines()).toEqual([]);
  });

  test('reopening with another dimension is refused and keeps every row', async () => {
    const cache = await EmbeddingCache.open(dir, DIM);
    await cache.append(rows);
    await expect(EmbeddingCache.open(dir, 2)).rejects.toThrow(`holds ${DIM}-value embeddings, not 2`);
    expect((await EmbeddingCache.open(dir, DIM)).size).toBe(3);
  });
});
