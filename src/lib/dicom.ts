/**
 * DICOM files as images the model can read, through dicom-parser: uncompressed pixel data (implicit or explicit VR,
 * little or big endian, deflated), 8 to 16 bits stored, signed or not, with the modality rescale, MONOCHROME1
 * inverted, grey or RGB; JPEG Baseline frames are handed out as JPEG bytes for the browser's own decoder. Grey images
 * keep their values so the reader can change the window (centre and width) without reading the file again.
 * Framework-free: the browser and the Node tests share it.
 */
import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { RawImage } from './model/core/preprocess';

export class DicomError extends Error {}

/** A display window: values below centre − width/2 show black, above centre + width/2 white. */
export interface DicomWindow {
  center: number;
  width: number;
}

interface DicomCommon {
  width: number;
  height: number;
  frames: number;
  /** What the reader should know: the frames not shown, the window that was not from the header. */
  notes: string[];
}

/** Grey pixels after the modality rescale, windowed for display with `window` (from the header, or the data). */
export interface DicomGrey extends DicomCommon {
  kind: 'grey';
  values: Float32Array;
  bitsStored: number;
  invert: boolean;
  window: DicomWindow;
  /** The window the file names, null when it names none. */
  headerWindow: DicomWindow | null;
}

export interface DicomRgb extends DicomCommon {
  kind: 'rgb';
  rgb: Uint8Array;
}

/** A JPEG-compressed frame the browser decodes itself. */
interface DicomJpeg extends DicomCommon {
  kind: 'jpeg';
  jpeg: Uint8Array;
  invert: boolean;
}

export type DicomImage = DicomGrey | DicomRgb | DicomJpeg;

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const UNCOMPRESSED = new Set([IMPLICIT_LE, '1.2.840.10008.1.2.1', EXPLICIT_BE, '1.2.840.10008.1.2.1.99']);
/** JPEG Baseline (8-bit) and Extended (8-bit process only in browsers): what a browser's JPEG decoder reads. */
const BROWSER_JPEG = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51']);
const COMPRESSED_NAMES: [RegExp, string][] = [
  [/^1\.2\.840\.10008\.1\.2\.4\.(57|70)$/, 'JPEG Lossless'],
  [/^1\.2\.840\.10008\.1\.2\.4\.8[01]$/, 'JPEG-LS'],
  [/^1\.2\.840\.10008\.1\.2\.4\.9[0-3]$/, 'JPEG 2000'],
  [/^1\.2\.840\.10008\.1\.2\.4\.20[1-3]$/, 'High-Throughput JPEG 2000'],
  [/^1\.2\.840\.10008\.1\.2\.5$/, 'RLE Lossless'],
  [/^1\.2\.840\.10008\.1\.2\.4\.1\d\d$/, 'a video codec (MPEG/HEVC)'],
  [/^1\.2\.840\.10008\.1\.2\.4\./, 'JPEG (a process browsers do not decode)'],
];

/** Part 10 files carry "DICM" after a 128-byte preamble. */
export function looksLikeDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
}

/** Deflated transfer syntax: the data set after the meta header is raw deflate. */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const whole = new Uint8Array(position + inflated.length);
  whole.set(bytes.subarray(0, position));
  whole.set(inflated, position);
  return whole;
}

function parse(bytes: Uint8Array, name: string): dicomParser.DataSet {
  if (!looksLikeDicom(bytes)) {
    throw new DicomError(`"${name}" is not a DICOM file (no "DICM" marker after the 128-byte preamble).`);
  }
  try {
    return dicomParser.parseDicom(bytes, { inflater } as dicomParser.ParseDicomOptions);
  } catch (error) {
    const why = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unreadable';
    throw new DicomError(`"${name}" is a damaged or truncated DICOM file (${why}).`);
  }
}

function compressedName(syntax: string): string {
  return COMPRESSED_NAMES.find(([pattern]) => pattern.test(syntax))?.[1] ?? 'an encoding Lightbox does not know';
}

function number(dataSet: dicomParser.DataSet, tag: string, fallback: number): number {
  const value = dataSet.floatString(tag);
  return value === undefined || Number.isNaN(value) ? fallback : value;
}

/** Reads the first frame of a DICOM file; a DicomError says in words why a file cannot be shown. */
export function readDicom(bytes: Uint8Array, name: string): DicomImage {
  const dataSet = parse(bytes, name);
  const syntax = (dataSet.string('x00020010') ?? IMPLICIT_LE).replace(/\0/g, '').trim();
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData) throw new DicomError(`"${name}" is a DICOM file without an image (no pixel data).`);
  const width = dataSet.uint16('x00280011') ?? 0;
  const height = dataSet.uint16('x00280010') ?? 0;
  if (width < 1 || height < 1) throw new DicomError(`"${name}" does not say its image size (rows, columns).`);
  const frames = Math.max(1, dataSet.intString('x00280008') ?? 1);
  const notes = frames > 1 ? [`"${name}" holds ${frames} frames; Lightbox shows the first.`] : [];
  const photometric = (dataSet.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase();
  const common = { width, height, frames, notes };
  if (BROWSER_JPEG.has(syntax)) {
    const jpeg = new Uint8Array(dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, 0, frameOffsets(dataSet)));
    return { kind: 'jpeg', jpeg, invert: photometric === 'MONOCHROME1', ...common };
  }
  if (!UNCOMPRESSED.has(syntax) || pixelData.encapsulatedPixelData) {
    throw new DicomError(
      `"${name}" is compressed with ${compressedName(syntax)} (transfer syntax ${syntax}), which Lightbox cannot ` +
        'decode in the browser. Save it as uncompressed DICOM (for example dcmtk’s dcmdjpeg, dcmdrle or dcmdjpls, ' +
        'or gdcmconv --raw) or export it as PNG, then try again.',
    );
  }
  const samples = dataSet.uint16('x00280002') ?? 1;
  const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + pixelData.dataOffset);
  const layout = { ...common, name, samples, littleEndian: syntax !== EXPLICIT_BE, available: pixelData.length };
  if (samples === 3) return readRgb(dataSet, view, layout, photometric);
  if (samples !== 1 || !photometric.startsWith('MONOCHROME')) {
    throw new DicomError(
      `"${name}" is ${photometric} with ${samples} samples per pixel; Lightbox reads grey (MONOCHROME1/2) and RGB.`,
    );
  }
  return readGrey(dataSet, view, layout, photometric === 'MONOCHROME1');
}

/** Where frames start when the file's basic offset table is empty (one frame per fragment, or all in one). */
function frameOffsets(dataSet: dicomParser.DataSet): number[] | undefined {
  const element = dataSet.elements.x7fe00010;
  if (!element || (element.basicOffsetTable?.length ?? 0) > 0) return undefined;
  const fragments = element.fragments ?? [];
  const frames = Math.max(1, dataSet.intString('x00280008') ?? 1);
  return frames === fragments.length ? fragments.map((f) => f.offset) : [0];
}

interface Layout extends DicomCommon {
  name: string;
  samples: number;
  littleEndian: boolean;
  /** Bytes of pixel data in the file. */
  available: number;
}

function needBytes(layout: Layout, bytes: number): void {
  if (layout.available < bytes) {
    throw new DicomError(
      `"${layout.name}" is truncated: its first frame needs ${bytes} bytes of pixel data, the file holds ${layout.available}.`,
    );
  }
}

function readRgb(dataSet: dicomParser.DataSet, view: DataView, layout: Layout, photometric: string): DicomRgb {
  const bits = dataSet.uint16('x00280100') ?? 8;
  if (photometric !== 'RGB' || bits !== 8) {
    throw new DicomError(`"${layout.name}" is ${bits}-bit ${photometric} colour; Lightbox reads 8-bit RGB.`);
  }
  const count = layout.width * layout.height;
  needBytes(layout, count * 3);
  const planar = dataSet.uint16('x00280006') === 1;
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = view.getUint8(planar ? c * count + i : i * 3 + c);
  }
  const { width, height, frames, notes } = layout;
  return { kind: 'rgb', rgb, width, height, frames, notes };
}

function readGrey(dataSet: dicomParser.DataSet, view: DataView, layout: Layout, invert: boolean): DicomGrey {
  const allocated = dataSet.uint16('x00280100') ?? 16;
  const stored = dataSet.uint16('x00280101') ?? allocated;
  if (![8, 16].includes(allocated) || stored < 1 || stored > allocated) {
    throw new DicomError(
      `"${layout.name}" stores ${stored} of ${allocated} bits per pixel; Lightbox reads 8 or 16 bits allocated.`,
    );
  }
  const count = layout.width * layout.height;
  needBytes(layout, count * (allocated / 8));
  const signed = dataSet.uint16('x00280103') === 1;
  const slope = number(dataSet, 'x00281053', 1);
  const intercept = number(dataSet, 'x00281052', 0);
  const values = new Float32Array(count);
  const mask = 2 ** stored - 1;
  for (let i = 0; i < count; i++) {
    let raw = allocated === 8 ? view.getUint8(i) : view.getUint16(i * 2, layout.littleEndian);
    raw &= mask;
    if (signed && raw >= 2 ** (stored - 1)) raw -= 2 ** stored;
    values[i] = raw * slope + intercept;
  }
  const headerWindow = windowFromHeader(dataSet);
  const notes = [...layout.notes];
  let window = headerWindow;
  if (!window) {
    window = defaultWindow(values, stored, signed || slope !== 1 || intercept !== 0);
    if (stored > 8) notes.push(`"${layout.name}" names no window; showing its whole range of values.`);
  }
  const { width, height, frames } = layout;
  return { kind: 'grey', values, bitsStored: stored, invert, window, headerWindow, width, height, frames, notes };
}

function windowFromHeader(dataSet: dicomParser.DataSet): DicomWindow | null {
  const center = dataSet.floatString('x00281050');
  const width = dataSet.floatString('x00281051');
  if (center === undefined || width === undefined || !Number.isFinite(center) || !(width >= 1)) return null;
  return { center, width };
}

/**
 * No window in the header: 8-bit (or less) stored values as they are (so a DICOM made from a JPEG looks like the
 * JPEG); otherwise the data's own range, lowest value black and highest white.
 */
function defaultWindow(values: Float32Array, stored: number, rescaled: boolean): DicomWindow {
  if (stored <= 8 && !rescaled) return { center: 2 ** (stored - 1), width: 2 ** stored };
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return { center: (low + high + 1) / 2, width: Math.max(1, high - low + 1) };
}

/** DICOM's linear VOI function (PS3.3 C.11.2.1.2.1) to 0..255, MONOCHROME1 inverted, as RGBA. */
export function windowGrey(image: DicomGrey, window: DicomWindow = image.window): RawImage {
  const { center, width } = window;
  if (!(width >= 1) || !Number.isFinite(center)) {
    throw new DicomError('A window needs a finite centre and a width of at least 1.');
  }
  const low = center - 0.5 - (width - 1) / 2;
  const high = center - 0.5 + (width - 1) / 2;
  const data = new Uint8ClampedArray(image.values.length * 4);
  image.values.forEach((x, i) => {
    let y = x <= low ? 0 : x > high ? 255 : ((x - (center - 0.5)) / Math.max(1e-9, width - 1) + 0.5) * 255;
    if (image.invert) y = 255 - y;
    data.fill(y, i * 4, i * 4 + 3);
    data[i * 4 + 3] = 255;
  });
  return { width: image.width, height: image.height, channels: 4, data };
}

export function rgbaOfRgb(image: DicomRgb): RawImage {
  const count = image.width * image.height;
  const data = new Uint8ClampedArray(count * 4);
  for (let i = 0; i < count; i++) {
    data.set(image.rgb.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width: image.width, height: image.height, channels: 4, data };
}
