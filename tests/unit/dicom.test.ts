/**
 * The DICOM reader on files dcmtk made from a real Kermany film: every bit depth, byte order and VR encoding gives
 * back the film's pixels; MONOCHROME1 shows inverted; the header's window is used and another can be applied; a
 * multi-frame file shows its first frame with a note; compressed, truncated and non-DICOM files are refused in words.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DicomError, looksLikeDicom, readDicom, rgbaOfRgb, windowGrey, type DicomGrey } from '../../src/lib/dicom';
import type { RawImage } from '../../src/lib/model/core/preprocess';
import { dicomFixtures, dicomToolsMissing, galleryFilm, type DicomFixtures } from './dicom-fixtures';

const film = galleryFilm();
const skipWhy = dicomToolsMissing() ?? (film ? null : 'no gallery film installed (npm run setup)');
if (skipWhy) console.warn(`Skipping the DICOM reader tests: ${skipWhy}.`);

const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** Largest difference between the red channel of `image` and the film's grey pixels. */
function worstAgainst(image: RawImage, grey: Uint8Array): number {
  let worst = 0;
  grey.forEach((v, i) => {
    worst = Math.max(worst, Math.abs((image.data[i * 4] ?? Number.NaN) - v));
  });
  return worst;
}

function grey(path: string, name = 'scan.dcm'): DicomGrey {
  const image = readDicom(bytes(path), name);
  if (image.kind !== 'grey') throw new Error(`expected grey, got ${image.kind}`);
  return image;
}

describe.skipIf(skipWhy !== null)('DICOM reader on dcmtk files made from a Kermany film', () => {
  let f: DicomFixtures;
  beforeAll(async () => {
    const made = await dicomFixtures(film);
    if (typeof made === 'string') throw new Error(made);
    f = made;
  });

  it('reads 8-, 12- and 16-bit grey in every encoding back to the film’s pixels', () => {
    const cases: [keyof DicomFixtures, number, number][] = [
      ['grey8', 8, 0],
      ['grey12', 12, 1], // v·16 through window 2048/4096: within one grey level of v
      ['grey16', 16, 0], // big endian
      ['signed', 16, 1], // signed, rescaled, deflated
    ];
    for (const [key, bits, tolerance] of cases) {
      const image = grey(f[key] as string);
      expect(image).toMatchObject({ width: f.width, height: f.height, bitsStored: bits, frames: 1, invert: false });
      expect(worstAgainst(windowGrey(image), f.grey), key).toBeLessThanOrEqual(tolerance);
    }
  });

  it('uses the header’s window, and any other window the reader sets', () => {
    const image = grey(f.grey12);
    expect(image.headerWindow).toEqual({ center: 2048, width: 4096 });
    expect(image.window).toEqual(image.headerWindow);
    // A narrow window: values below centre − width/2 are black, above centre + width/2 white, linear between.
    const narrow = windowGrey(image, { center: 1600, width: 801 });
    image.values.forEach((x, i) => {
      const y = x <= 1199.5 ? 0 : x > 1999.5 ? 255 : Math.round(((x - 1599.5) / 800 + 0.5) * 255);
      expect(Math.abs((narrow.data[i * 4] ?? Number.NaN) - y)).toBeLessThanOrEqual(0.5001);
    });
    expect(() => windowGrey(image, { center: 0, width: 0 })).toThrow(DicomError);
  });

  it('without a window in the header shows the whole range (12-bit) or the stored values (8-bit)', () => {
    const range = grey(f.range12);
    expect(range.headerWindow).toBeNull();
    const low = Math.min(...f.grey) * 16;
    const high = Math.max(...f.grey) * 16;
    expect(range.window).toEqual({ center: (low + high + 1) / 2, width: high - low + 1 });
    expect(range.notes.join(' ')).toContain('names no window');
    expect(grey(f.grey8).window).toEqual({ center: 128, width: 256 });
  });

  it('shows MONOCHROME1 inverted (stored 4095 − v·16 shows as the film)', () => {
    const image = grey(f.mono1);
    expect(image.invert).toBe(true);
    expect(worstAgainst(windowGrey(image), f.grey)).toBeLessThanOrEqual(1);
    // The same values read as MONOCHROME2 would be the film's negative.
    expect(worstAgainst(windowGrey({ ...image, invert: false }), f.grey)).toBeGreaterThan(200);
  });

  it('reads RGB, and hands JPEG Baseline frames to the browser’s decoder as the film’s JPEG', async () => {
    const rgb = readDicom(bytes(f.rgb), 'rgb.dcm');
    expect(rgb.kind).toBe('rgb');
    if (rgb.kind === 'rgb') expect(worstAgainst(rgbaOfRgb(rgb), f.grey)).toBe(0);
    const jpeg = readDicom(bytes(f.baseline), 'baseline.dcm');
    expect(jpeg.kind).toBe('jpeg');
    if (jpeg.kind !== 'jpeg') return;
    // img2dcm drops the JFIF marker but keeps the compressed data: decoded, it is the film pixel for pixel.
    const decoded = await sharp(jpeg.jpeg).greyscale().raw().toBuffer();
    expect(Buffer.from(decoded).equals(Buffer.from(f.grey))).toBe(true);
  });

  it('shows the first of several frames and says so', () => {
    const image = grey(f.multiframe, 'cine.dcm');
    expect(image.frames).toBe(2);
    expect(image.notes).toContain('"cine.dcm" holds 2 frames; Lightbox shows the first.');
    expect(worstAgainst(windowGrey(image), f.grey)).toBe(0);
  });

  it('refuses compressed, truncated and non-DICOM files in words', () => {
    expect(() => readDicom(bytes(f.rle), 'rle.dcm')).toThrow(
      /"rle\.dcm" is compressed with RLE Lossless \(transfer syntax 1\.2\.840\.10008\.1\.2\.5\), which Lightbox cannot decode.*uncompressed DICOM/,
    );
    const whole = bytes(f.grey16);
    expect(() => readDicom(whole.subarray(0, whole.length - 5000), 'cut.dcm')).toThrow(
      /"cut\.dcm" is (truncated|a damaged or truncated DICOM file)/,
    );
    expect(() => readDicom(whole.subarray(0, 300), 'head.dcm')).toThrow(DicomError);
    expect(looksLikeDicom(bytes(f.jpeg))).toBe(false);
    expect(() => readDicom(bytes(f.jpeg), 'film.jpeg')).toThrow('"film.jpeg" is not a DICOM file');
  });
});
