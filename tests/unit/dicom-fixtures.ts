/**
 * DICOM test files made at test time from a real Kermany film with Debian's dcmtk (`img2dcm`, `dcmdjpeg`,
 * `dump2dcm`, `dcmcrle`), into the git-ignored .cache/dicom-fixtures/ (files made from the Kermany images are never
 * committed). dcmtk is installed by scripts/install-test-tools.sh; without it, `dicomFixtures` returns why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const TOOLS = ['img2dcm', 'dcmdjpeg', 'dump2dcm', 'dcmcrle'];

export interface DicomFixtures {
  /** The film they were made from, and its grey pixels as sharp decodes them. */
  jpeg: string;
  grey: Uint8Array;
  width: number;
  height: number;
  /** img2dcm's output: the JPEG itself, encapsulated (JPEG Baseline transfer syntax). */
  baseline: string;
  /** The same, uncompressed by dcmdjpeg: 8-bit RGB, explicit VR little endian. */
  rgb: string;
  /** 8-bit MONOCHROME2, no window in the header. */
  grey8: string;
  /** 12 bits stored in 16 (v·16), window 2048/4096 in the header; implicit VR. */
  grey12: string;
  /** 16 bits stored (v·257), window 32768/65536; explicit VR big endian. */
  grey16: string;
  /** 12 bits stored, no window in the header. */
  range12: string;
  /** MONOCHROME1: 12-bit, stored 4095 − v·16, so it shows as the film once inverted. */
  mono1: string;
  /** Signed 16-bit with a rescale intercept (as CT stores values): stored v·16 − 2048, intercept 2048; deflated. */
  signed: string;
  /** Two 8-bit frames: the film, then its negative. */
  multiframe: string;
  /** grey8 compressed by dcmcrle (RLE Lossless): a transfer syntax Lightbox refuses. */
  rle: string;
}

function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why DICOM fixtures cannot be made here, or null when they can. */
export function dicomToolsMissing(): string | null {
  const absent = TOOLS.filter((tool) => !hasTool(tool));
  return absent.length
    ? `dcmtk is not installed (${absent.join(', ')} missing): run bash scripts/install-test-tools.sh`
    : null;
}

interface Pixels {
  bits: number;
  stored: number;
  signed?: boolean;
  photometric: string;
  frames?: number;
  window?: [number, number];
  intercept?: number;
  values: ArrayLike<number>;
}

function dump(dir: string, name: string, pixels: Pixels, width: number, height: number, syntax: string): string {
  const raw = join(dir, `${name}.raw`);
  const bytes = pixels.bits === 8 ? Uint8Array.from(pixels.values) : new Uint8Array(pixels.values.length * 2);
  if (pixels.bits === 16) {
    const view = new DataView(bytes.buffer);
    Array.from(pixels.values).forEach((v, i) => view.setUint16(i * 2, v & 0xffff, true));
  }
  writeFileSync(raw, bytes);
  const lines = [
    '(0008,0016) UI =SecondaryCaptureImageStorage',
    `(0008,0018) UI [1.2.826.0.1.3680043.2.1125.${name.length}.${width}]`,
    '(0028,0002) US 1',
    `(0028,0004) CS [${pixels.photometric}]`,
    `(0028,0008) IS [${pixels.frames ?? 1}]`,
    `(0028,0010) US ${height}`,
    `(0028,0011) US ${width}`,
    `(0028,0100) US ${pixels.bits}`,
    `(0028,0101) US ${pixels.stored}`,
    `(0028,0102) US ${pixels.stored - 1}`,
    `(0028,0103) US ${pixels.signed ? 1 : 0}`,
    ...(pixels.window ? [`(0028,1050) DS [${pixels.window[0]}]`, `(0028,1051) DS [${pixels.window[1]}]`] : []),
    ...(pixels.intercept !== undefined ? [`(0028,1052) DS [${pixels.intercept}]`, '(0028,1053) DS [1]'] : []),
    `(7fe0,0010) ${pixels.bits === 8 ? 'OB' : 'OW'} =${raw}`,
  ];
  writeFileSync(join(dir, `${name}.txt`), `${lines.join('\n')}\n`);
  const out = join(dir, `${name}.dcm`);
  execFileSync('dump2dcm', ['-q', syntax, join(dir, `${name}.txt`), out]);
  return out;
}

/** A test-split film of the installed gallery (public/samples), or null when setup installed none. */
export function galleryFilm(dataset: 'cxr' | 'oct' = 'cxr'): string | null {
  const manifest = 'public/samples/manifest.json';
  if (!existsSync(manifest)) return null;
  const { scans } = JSON.parse(readFileSync(manifest, 'utf8')) as { scans: { dataset: string; file: string }[] };
  const scan = scans.find((s) => s.dataset === dataset);
  return scan ? join('public/samples', scan.file) : null;
}

/** Makes (once per film) every fixture from `jpeg`; a string says why they cannot be made. */
export async function dicomFixtures(jpeg: string | null): Promise<DicomFixtures | string> {
  if (!jpeg) return 'no gallery film is installed (npm run setup, with ../shared beside this folder)';
  const why = dicomToolsMissing();
  if (why) return why;
  if (!existsSync(jpeg)) return `${jpeg} is missing (npm run setup installs the gallery from ../shared)`;
  const dir = resolve('.cache/dicom-fixtures', jpeg.replace(/[^\w.-]+/g, '_'));
  mkdirSync(dir, { recursive: true });
  const { data, info } = await sharp(readFileSync(jpeg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const grey = new Uint8Array(data.buffer, data.byteOffset, info.width * info.height);
  const { width, height } = info;
  const make = (name: string, pixels: Pixels, syntax = '+te') => dump(dir, name, pixels, width, height, syntax);
  const scaled = (f: (v: number) => number) => Array.from(grey, f);
  const baseline = join(dir, 'baseline.dcm');
  execFileSync('img2dcm', ['-q', jpeg, baseline]);
  const rgb = join(dir, 'rgb.dcm');
  execFileSync('dcmdjpeg', ['-q', baseline, rgb]);
  const grey8 = make('grey8', { bits: 8, stored: 8, photometric: 'MONOCHROME2', values: grey });
  const rle = join(dir, 'rle.dcm');
  execFileSync('dcmcrle', ['-q', grey8, rle]);
  return {
    jpeg,
    grey,
    width,
    height,
    baseline,
    rgb,
    grey8,
    rle,
    grey12: make(
      'grey12',
      { bits: 16, stored: 12, photometric: 'MONOCHROME2', window: [2048, 4096], values: scaled((v) => v * 16) },
      '+ti',
    ),
    grey16: make(
      'grey16',
      { bits: 16, stored: 16, photometric: 'MONOCHROME2', window: [32768, 65536], values: scaled((v) => v * 257) },
      '+tb',
    ),
    range12: make('range12', { bits: 16, stored: 12, photometric: 'MONOCHROME2', values: scaled((v) => v * 16) }),
    mono1: make('mono1', {
      bits: 16,
      stored: 12,
      photometric: 'MONOCHROME1',
      window: [2048, 4096],
      values: scaled((v) => 4095 - v * 16),
    }),
    signed: make(
      'signed',
      {
        bits: 16,
        stored: 16,
        signed: true,
        photometric: 'MONOCHROME2',
        window: [2048, 4096],
        intercept: 2048,
        values: scaled((v) => v * 16 - 2048),
      },
      '+td',
    ),
    multiframe: make('multiframe', {
      bits: 8,
      stored: 8,
      photometric: 'MONOCHROME2',
      frames: 2,
      values: [...grey, ...scaled((v) => 255 - v)],
    }),
  };
}
