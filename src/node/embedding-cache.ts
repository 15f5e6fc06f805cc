/**
 * Node-only: an append-only on-disk cache of embeddings, one folder per feature space (backbone + layer + size +
 * pooling), rows keyed by the image's sha256. Append-only makes it resumable: an interrupted run keeps every row
 * it finished, and a torn last row is cut off on open.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, stat, truncate as truncateFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class EmbeddingCache {
  private readonly rows = new Map<string, number>();
  private vectors: Float32Array = new Float32Array(0);
  private loaded = false;

  private constructor(
    readonly directory: string,
    readonly dimension: number,
  ) {}

  static async open(directory: string, dimension: number): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(directory, dimension);
    await cache.repair();
    return cache;
  }

  get size(): number {
    return this.rows.size;
  }

  has(sha256: string): boolean {
    return this.rows.has(sha256);
  }

  /** Appends rows (vectors first, then their index lines, so the index never points past the data). */
  async append(entries: readonly { sha256: string; vector: Float32Array }[]): Promise<void> {
    const fresh = entries.filter((entry) => !this.rows.has(entry.sha256));
    if (fresh.length === 0) return;
    const block = new Float32Array(fresh.length * this.dimension);
    fresh.forEach((entry, i) => {
      if (entry.vector.length !== this.dimension) {
        throw new Error(`Embedding has ${entry.vector.length} values; this cache holds ${this.dimension}.`);
      }
      block.set(entry.vector, i * this.dimension);
    });
    await appendFile(this.vectorPath, new Uint8Array(block.buffer));
    const first = this.rows.size;
    await appendFile(this.indexPath, fresh.map((entry, i) => `${entry.sha256}\t${first + i}\n`).join(''));
    fresh.forEach((entry, i) => this.rows.set(entry.sha256, first + i));
    this.loaded = false;
  }

  /** The vector for an image hash (loads the whole cache once; ~110 MB for OCT2017 at 256 dimensions). */
  async get(sha256: string): Promise<Float32Array> {
    const row = this.rows.get(sha256);
    if (row === undefined) throw new Error(`No cached embedding for ${sha256}.`);
    if (!this.loaded) {
      const bytes = await readFile(this.vectorPath);
      this.vectors = new Float32Array(bytes.buffer, bytes.byteOffset, this.rows.size * this.dimension);
      this.loaded = true;
    }
    return this.vectors.subarray(row * this.dimension, (row + 1) * this.dimension);
  }

  private get vectorPath(): string {
    return join(this.directory, 'vectors.f32');
  }

  private get indexPath(): string {
    return join(this.directory, 'index.tsv');
  }

  /** Reads the index and cuts data or index lines that an interrupt left without their partner. */
  private async repair(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    // A cache folder holds one dimension for ever: reading it with another would cut rows as "torn".
    const dimensionPath = join(this.directory, 'dimension.txt');
    if (existsSync(dimensionPath)) {
      const stored = Number((await readFile(dimensionPath, 'utf8')).trim());
      if (stored !== this.dimension)
        throw new Error(`${this.directory} holds ${stored}-value embeddings, not ${this.dimension}.`);
    } else {
      await writeFile(dimensionPath, `${this.dimension}\n`);
    }
    if (!existsSync(this.indexPath) || !existsSync(this.vectorPath)) {
      await appendFile(this.indexPath, '');
      await appendFile(this.vectorPath, new Uint8Array(0));
    }
    const bytesPerRow = this.dimension * 4;
    const dataRows = Math.floor((await stat(this.vectorPath)).size / bytesPerRow);
    const lines = (await readFile(this.indexPath, 'utf8')).split('\n').filter((line) => line.includes('\t'));
    const kept = lines.slice(0, dataRows);
    for (const line of kept) {
      const [sha, row] = line.split('\t');
      if (sha && row) this.rows.set(sha, Number(row));
    }
    if (kept.length < lines.length) {
      await writeFile(this.indexPath, kept.map((line) => `${line}\n`).join(''));
    }
    await truncateFile(this.vectorPath, kept.length * bytesPerRow);
  }
}
