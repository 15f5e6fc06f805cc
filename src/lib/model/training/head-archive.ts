/**
 * A reader's head brought back from the files the head trainer downloaded (`lightbox-head-<task>.json`,
 * `.weights.bin`, `.info.json`; see public/weights/FORMAT.md) or one zip holding them (fflate). Every file is
 * checked before anything is built: what it is, whether its fields are all there, whether the weights hold exactly
 * the bytes the model names, and whether it was trained for this task on this backbone; each failure is one sentence
 * the reader can act on. Framework-free: the widget and the Node tests share it.
 */
import type * as tfc from '@tensorflow/tfjs';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import type { HeadMeta } from '../core/meta';
import type { Tf } from '../core/runtime';
import { checkReaderHead, type ReaderHeadInfo } from './retrain';

export class HeadImportError extends Error {}

/** A file as the reader chose it: its name and bytes. */
export interface HeadFile {
  name: string;
  bytes: Uint8Array;
}

/** The three parts, each with the name of the file it came from. */
interface HeadParts {
  model: { name: string; json: tfc.io.ModelJSON };
  weights: { name: string; bytes: Uint8Array };
  info: { name: string; json: unknown };
}

export interface ImportedHead {
  artifacts: tfc.io.ModelArtifacts;
  info: ReaderHeadInfo;
}

/** What the import file input accepts: the model and info JSON, the weights, or a zip of them. */
export const HEAD_ACCEPT = '.json,.bin,.zip,application/json,application/zip,application/octet-stream';

/** The names the head trainer downloads under. */
export function headFileNames(task: string): { model: string; weights: string; info: string } {
  const stem = `lightbox-head-${task}`;
  return { model: `${stem}.json`, weights: `${stem}.weights.bin`, info: `${stem}.info.json` };
}

/** The three downloads as one zip (their own names inside). */
export function zipHead(files: readonly HeadFile[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((file) => [file.name, file.bytes])));
}

const EXPECTED =
  'Choose the three files the head trainer downloaded (.json, .weights.bin and .info.json) or one zip holding them.';
const isZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

function unzip(file: HeadFile): HeadFile[] {
  try {
    return Object.entries(unzipSync(file.bytes))
      .filter(([name, bytes]) => !name.endsWith('/') && bytes.length > 0)
      .map(([name, bytes]) => ({ name: name.split('/').pop() ?? name, bytes }));
  } catch (error) {
    throw new HeadImportError(
      `"${file.name}" is a damaged zip (${error instanceof Error ? error.message : 'unreadable'}).`,
    );
  }
}

function parseJson(file: HeadFile): unknown {
  if (file.bytes[0] !== 0x7b) return undefined; // every head file that is JSON starts with "{"
  try {
    return JSON.parse(strFromU8(file.bytes)) as unknown;
  } catch {
    throw new HeadImportError(`"${file.name}" is not valid JSON (cut short or edited?). ${EXPECTED}`);
  }
}

/** Sorts the chosen files (or a zip's) into model, weights and info by what they hold, not by their names. */
function sortHeadFiles(chosen: readonly HeadFile[]): HeadParts {
  const files = chosen.flatMap((file) => (isZip(file.bytes) ? unzip(file) : [file]));
  let model: HeadParts['model'] | undefined;
  let info: HeadParts['info'] | undefined;
  const binary: HeadFile[] = [];
  for (const file of files) {
    const json = parseJson(file);
    if (json === undefined) binary.push(file);
    else if (typeof json === 'object' && json !== null && 'modelTopology' in json) {
      model = { name: file.name, json: json as tfc.io.ModelJSON };
    } else info = { name: file.name, json };
  }
  const weights = binary.find((f) => f.name.endsWith('.bin')) ?? (binary.length === 1 ? binary[0] : undefined);
  if (!model || !weights || !info) {
    const missing = [
      !model && 'the model (.json)',
      !weights && 'the weights (.weights.bin)',
      !info && 'the info (.info.json)',
    ].filter((part): part is string => Boolean(part));
    const names = files.map((f) => `"${f.name}"`).join(', ') || 'nothing';
    throw new HeadImportError(
      `${names} ${files.length === 1 ? 'is' : 'are'} not a whole Lightbox head: ` +
        `${new Intl.ListFormat('en', { type: 'conjunction' }).format(missing)} ${missing.length === 1 ? 'is' : 'are'} missing. ${EXPECTED}`,
    );
  }
  return { model, weights, info };
}

const INFO_FIELDS: [keyof ReaderHeadInfo, (value: unknown) => boolean][] = [
  ['format', (v) => typeof v === 'string'],
  ['task', (v) => typeof v === 'string'],
  ['classes', (v) => Array.isArray(v) && v.every((c) => typeof c === 'string')],
  ['feature', (v) => typeof v === 'object' && v !== null],
  ['backboneSignature', (v) => typeof v === 'string'],
  ['examplesPerClass', (v) => Array.isArray(v) && v.every((n) => typeof n === 'number')],
  ['trainedAt', (v) => typeof v === 'string'],
  ['bestEpoch', (v) => typeof v === 'number'],
];

function checkInfo(info: HeadParts['info'], meta: HeadMeta): ReaderHeadInfo {
  const json = (typeof info.json === 'object' && info.json !== null ? info.json : {}) as Record<string, unknown>;
  const bad = INFO_FIELDS.filter(([field, ok]) => !ok(json[field])).map(([field]) => field);
  if (bad.length) {
    throw new HeadImportError(
      `"${info.name}" lacks ${bad.join(', ')}: it is not the info file the head trainer wrote (or it was edited).`,
    );
  }
  try {
    return checkReaderHead(json, meta);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace('The saved head', 'This head') : String(error);
    throw new HeadImportError(`${why.replace(/ Train it again\.$/, '')} It was not imported.`);
  }
}

const BYTES_PER: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1 };

function checkModel(model: HeadParts['model'], weights: HeadParts['weights']): tfc.io.ModelArtifacts {
  const { modelTopology, weightsManifest } = model.json as Partial<tfc.io.ModelJSON>;
  const specs = Array.isArray(weightsManifest) ? weightsManifest.flatMap((group) => group.weights ?? []) : null;
  if (typeof modelTopology !== 'object' || modelTopology === null || !specs || specs.length === 0) {
    throw new HeadImportError(
      `"${model.name}" lacks its layers or its weights manifest: it is not a TF.js model file.`,
    );
  }
  let needed = 0;
  for (const spec of specs) {
    const size = BYTES_PER[spec.dtype];
    if (!size || !Array.isArray(spec.shape))
      throw new HeadImportError(`"${model.name}" names a weight Lightbox cannot read (${spec.name}).`);
    needed += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  if (weights.bytes.length !== needed) {
    throw new HeadImportError(
      `"${weights.name}" holds ${weights.bytes.length} bytes but the model needs ${needed}: ` +
        `${weights.bytes.length < needed ? 'it was cut short' : 'it belongs to another head'}. Download the head again.`,
    );
  }
  const { buffer, byteOffset, byteLength } = weights.bytes;
  return {
    modelTopology,
    weightSpecs: specs,
    weightData: buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer,
  };
}

/** Reads and checks the chosen files against the page's model; a HeadImportError says why they cannot be used. */
export function readHeadFiles(files: readonly HeadFile[], meta: HeadMeta): ImportedHead {
  const parts = sortHeadFiles(files);
  const info = checkInfo(parts.info, meta);
  return { artifacts: checkModel(parts.model, parts.weights), info };
}

/**
 * Builds the imported head and checks it reads this backbone's features (`featureSize` numbers) into the task's
 * classes; the caller owns (and disposes) the model.
 */
export async function buildImportedHead(tf: Tf, imported: ImportedHead, featureSize: number): Promise<tfc.LayersModel> {
  let head: tfc.LayersModel;
  try {
    head = await tf.loadLayersModel(tf.io.fromMemory(imported.artifacts));
  } catch (error) {
    throw new HeadImportError(
      `The head's files could not be built into a model (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const input = head.inputs[0]?.shape.slice(1) ?? [];
  const output = head.outputs[0]?.shape.slice(-1)[0];
  if (input.length !== 1 || input[0] !== featureSize || output !== imported.info.classes.length) {
    head.dispose();
    throw new HeadImportError(
      `This head reads [${input.join(', ')}] numbers into ${String(output)} classes; this backbone gives ${featureSize} ` +
        `for ${imported.info.classes.length} classes. It was not imported.`,
    );
  }
  return head;
}
