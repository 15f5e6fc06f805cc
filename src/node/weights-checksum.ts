/**
 * Per-tensor checksums of a TF.js layers model: for every weight in model.json's weightsManifest, its name, shape,
 * dtype and the sha256 of its bytes as stored. Shards are concatenated per weight group first, so the checksums do
 * not depend on how a copy is split into files; a problem names the tensor and the file(s) holding its bytes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface TensorChecksum {
  name: string;
  shape: number[];
  dtype: string;
  sha256: string;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

export interface WeightsGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** One thing wrong with a copy: the file to remove, and the tensor it concerns when there is one. */
export interface WeightsProblem {
  file: string;
  tensor?: string;
  message: string;
}

class ModelJsonError extends Error {}

const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  float16: 2,
};

/** A shard path from model.json must stay inside the model's folder (it becomes a file name and a relative URL). */
function isSafeShardPath(path: string): boolean {
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path) && !path.split('/').some((part) => /^\.+$/.test(part));
}

function tensorByteLength(entry: ManifestEntry): number {
  const bytes = DTYPE_BYTES[entry.quantization?.dtype ?? entry.dtype];
  if (bytes === undefined) throw new ModelJsonError(`Tensor ${entry.name}: unsupported dtype "${entry.dtype}".`);
  return entry.shape.reduce((product, size) => product * size, 1) * bytes;
}

/** The weight groups of a model.json text, checked for the fields the checksums and downloads rely on. */
export function parseWeightsManifest(text: string): WeightsGroup[] {
  let json: { weightsManifest?: unknown; modelTopology?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw new ModelJsonError(`model.json is not JSON (${(error as Error).message}).`);
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ModelJsonError('model.json has no modelTopology or weightsManifest.');
  }
  const groups = json.weightsManifest as WeightsGroup[];
  for (const group of groups) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw new ModelJsonError('model.json: a weightsManifest group lacks paths or weights.');
    }
    const unsafe = group.paths.find((path) => typeof path !== 'string' || !isSafeShardPath(path));
    if (unsafe !== undefined) throw new ModelJsonError(`model.json names an unsafe weight file "${String(unsafe)}".`);
    for (const entry of group.weights) tensorByteLength(entry);
  }
  return groups;
}

export async function readWeightsManifest(dir: string): Promise<WeightsGroup[]> {
  return parseWeightsManifest(await readFile(join(dir, 'model.json'), 'utf8'));
}

/** Every file a model needs: model.json first, then its shards in manifest order. */
export function modelFiles(groups: readonly WeightsGroup[]): string[] {
  return ['model.json', ...groups.flatMap((group) => group.paths)];
}

/** Bytes the shards must hold in total. */
export function expectedWeightBytes(groups: readonly WeightsGroup[]): number {
  return groups.reduce((sum, group) => sum + group.weights.reduce((s, entry) => s + tensorByteLength(entry), 0), 0);
}

export interface ChecksumResult {
  tensors: (TensorChecksum & { files: string[] })[];
  problems: WeightsProblem[];
}

/** Checksums of every tensor of the model in `dir`, with the structural problems found on the way. */
export async function computeChecksums(dir: string): Promise<ChecksumResult> {
  let groups: WeightsGroup[];
  try {
    groups = await readWeightsManifest(dir);
  } catch (error) {
    return { tensors: [], problems: [{ file: 'model.json', message: describe(error) }] };
  }
  const result: ChecksumResult = { tensors: [], problems: [] };
  for (const group of groups) await checksumGroup(dir, group, result);
  return result;
}

async function checksumGroup(dir: string, group: WeightsGroup, result: ChecksumResult): Promise<void> {
  const shards: { path: string; start: number; end: number }[] = [];
  const buffers: Buffer[] = [];
  let total = 0;
  for (const path of group.paths) {
    const file = join(dir, path);
    if (!(await stat(file).catch(() => null))?.isFile()) {
      result.problems.push({ file: path, message: `${path} is missing.` });
      return;
    }
    const bytes = await readFile(file);
    shards.push({ path, start: total, end: total + bytes.length });
    buffers.push(bytes);
    total += bytes.length;
  }
  const data = Buffer.concat(buffers);
  const holding = (from: number, to: number): string[] =>
    shards.filter((s) => s.start < Math.max(to, from + 1) && s.end > from).map((s) => s.path);
  let offset = 0;
  for (const entry of group.weights) {
    const length = tensorByteLength(entry);
    if (offset + length > total) {
      const file = holding(Math.min(offset, total - 1), total)[0] ?? group.paths.at(-1) ?? 'model.json';
      const message = `${file} is truncated: tensor ${entry.name} needs bytes ${offset}–${offset + length} of its weight group, which has ${total}.`;
      result.problems.push({ file, tensor: entry.name, message });
      return;
    }
    const sha256 = createHash('sha256')
      .update(data.subarray(offset, offset + length))
      .digest('hex');
    result.tensors.push({
      name: entry.name,
      shape: entry.shape,
      dtype: entry.dtype,
      sha256,
      files: holding(offset, offset + length),
    });
    offset += length;
  }
  if (offset < total) {
    const file = group.paths.at(-1) ?? 'model.json';
    result.problems.push({ file, message: `${file} has ${total - offset} bytes more than its tensors need.` });
  }
}

/** Problems of the model in `dir` against the committed checksums: none means every tensor is verified. */
export async function verifyModel(dir: string, expected: readonly TensorChecksum[]): Promise<WeightsProblem[]> {
  const { tensors, problems } = await computeChecksums(dir);
  if (problems.some((problem) => problem.file === 'model.json')) return problems;
  // Tensors after a truncation or a missing shard cannot be read; that problem already names the file.
  const unreadable = problems.length > 0;
  const found = new Map(tensors.map((tensor) => [tensor.name, tensor]));
  const wanted = new Set(expected.map((tensor) => tensor.name));
  for (const tensor of tensors.filter((t) => !wanted.has(t.name))) {
    problems.push({
      file: 'model.json',
      tensor: tensor.name,
      message: `model.json has an unexpected tensor ${tensor.name}.`,
    });
  }
  for (const want of expected) {
    const got = found.get(want.name);
    if (!got) {
      if (!unreadable) {
        problems.push({ file: 'model.json', tensor: want.name, message: `model.json lacks tensor ${want.name}.` });
      }
      continue;
    }
    if (got.dtype !== want.dtype || got.shape.join(',') !== want.shape.join(',')) {
      const message = `tensor ${want.name} is ${got.dtype} [${got.shape.join(', ')}], expected ${want.dtype} [${want.shape.join(', ')}].`;
      problems.push({ file: 'model.json', tensor: want.name, message });
    } else if (got.sha256 !== want.sha256) {
      const message = `tensor ${want.name} differs (sha256 ${got.sha256.slice(0, 12)}…, expected ${want.sha256.slice(0, 12)}…) in ${got.files.join(', ')}.`;
      for (const file of got.files) problems.push({ file, tensor: want.name, message });
    }
  }
  return problems;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The committed checksum table: a TSV with `#` comments, one row per tensor (backbone, tensor, shape, dtype, sha256). */
export function parseChecksumTable(text: string): Map<string, TensorChecksum[]> {
  const table = new Map<string, TensorChecksum[]>();
  const rows = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const [header, ...body] = rows;
  if (header !== 'backbone\ttensor\tshape\tdtype\tsha256') throw new ModelJsonError('Unknown checksum table header.');
  for (const row of body) {
    const [backbone, name, shape, dtype, sha256] = row.split('\t');
    if (!backbone || !name || shape === undefined || !dtype || !/^[0-9a-f]{64}$/.test(sha256 ?? '')) {
      throw new ModelJsonError(`Malformed checksum row: ${row}`);
    }
    const tensors = table.get(backbone) ?? [];
    tensors.push({ name, shape: shape === '' ? [] : shape.split(',').map(Number), dtype, sha256: sha256! });
    table.set(backbone, tensors);
  }
  return table;
}

export function formatChecksumRows(backbone: string, tensors: readonly TensorChecksum[]): string[] {
  return tensors.map((t) => [backbone, t.name, t.shape.join(','), t.dtype, t.sha256].join('\t'));
}
