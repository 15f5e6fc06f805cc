/** Node-only image decoding with sharp (libvips): file bytes → RawImage for the shared preprocessing. */
import sharp from 'sharp';
import type { RawImage } from '../lib/model/core/preprocess';

export class DecodeError extends Error {}

/** Decodes JPEG/PNG/WebP bytes, honouring EXIF orientation as browsers do. Throws DecodeError naming the file. */
export async function decodeImage(bytes: Uint8Array, name: string): Promise<RawImage> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' })
      .rotate()
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 && info.channels !== 3) throw new Error(`${info.channels} channels after decoding`);
    return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data) };
  } catch (error) {
    throw new DecodeError(`${name}: cannot decode image (${error instanceof Error ? error.message : String(error)})`);
  }
}
