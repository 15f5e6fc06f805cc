/**
 * Browser image sources for the shared preprocessing: the gallery manifest, gallery scans, and the reader's own
 * files, all decoded to RawImage (RGBA) through the browser's own decoder.
 */
import {
  parseGalleryManifest,
  GalleryUnavailableError,
  TRAINING_GALLERY_DIR,
  type GalleryManifest,
  type GalleryScan,
} from '../gallery';
import type { RawImage } from '../model/core/preprocess';
import { sitePath } from '../paths';

/** Larger images are scaled down on decode: every model input is ≤ 224 px, and phones have little memory. */
const MAX_DECODE_SIDE = 2048;

class ImageDecodeError extends Error {}

export async function decodeBlob(blob: Blob, name: string): Promise<RawImage> {
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageDecodeError(`"${name}" is not an image (${blob.type}). Choose a JPEG, PNG or WebP file.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageDecodeError(`"${name}" could not be decoded as an image. Choose a JPEG, PNG or WebP file.`);
  }
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageDecodeError('This browser cannot read image pixels (no 2D canvas).');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { width, height, channels: 4, data: context.getImageData(0, 0, width, height).data };
}

const manifests = new Map<string, Promise<GalleryManifest>>();

/** The gallery setup installed, or GalleryUnavailableError (setup had no Kermany data): widgets then offer the reader's own image. */
export function loadGallery(): Promise<GalleryManifest> {
  return loadManifest('');
}

/** The train-split examples setup copied for the in-page retraining (never the test scans the widgets judge on). */
export function loadTrainingGallery(): Promise<GalleryManifest> {
  return loadManifest(`${TRAINING_GALLERY_DIR}/`);
}

function loadManifest(folder: string): Promise<GalleryManifest> {
  let manifest = manifests.get(folder);
  if (!manifest) {
    manifest = fetch(sitePath(`samples/${folder}manifest.json`))
      .then(async (response) => {
        if (!response.ok) throw new GalleryUnavailableError('The scan gallery is not installed (run npm run setup).');
        const parsed = parseGalleryManifest(await response.json());
        // Scan files are named relative to samples/; the training manifest's sit one folder down.
        return folder
          ? { ...parsed, scans: parsed.scans.map((scan) => ({ ...scan, file: `${folder}${scan.file}` })) }
          : parsed;
      })
      .catch((error: unknown) => {
        manifests.delete(folder);
        throw error instanceof GalleryUnavailableError
          ? error
          : new GalleryUnavailableError(`The scan gallery could not be loaded (${String(error)}).`);
      });
    manifests.set(folder, manifest);
  }
  return manifest;
}

export async function loadScan(scan: GalleryScan): Promise<RawImage> {
  const response = await fetch(sitePath(`samples/${scan.file}`));
  if (!response.ok)
    throw new ImageDecodeError(`Scan ${scan.id} is missing from the gallery (HTTP ${response.status}).`);
  return decodeBlob(await response.blob(), scan.id);
}
