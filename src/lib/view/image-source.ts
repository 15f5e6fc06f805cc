/**
 * Browser image sources for the shared preprocessing: the gallery manifest, gallery scans, and the reader's own
 * files, all decoded to RawImage (RGBA): DICOM through src/lib/dicom.ts (loaded only when a DICOM arrives), every
 * other image through the browser's own decoder; SVG is refused with the reason.
 */
import {
  parseGalleryManifest,
  GalleryUnavailableError,
  TRAINING_GALLERY_DIR,
  type GalleryManifest,
  type GalleryScan,
} from '../gallery';
import type { DicomGrey } from '../dicom';
import type { RawImage } from '../model/core/preprocess';
import { sitePath } from '../paths';
import { fetchSiteFile, NetworkFailureError } from './offline-errors';

/** Larger images are scaled down on decode: every model input is ≤ 224 px, and phones have little memory. */
const MAX_DECODE_SIDE = 2048;

/** What every "use your own image" file input accepts: any image type the browser knows, and DICOM. */
export const IMAGE_ACCEPT = 'image/*,.dcm,.dicom,application/dicom';

const FORMATS = 'Choose a JPEG, PNG, WebP or DICOM file.';

class ImageDecodeError extends Error {}

/** A decoded file, with what the reader should know about it; a grey DICOM keeps its values for re-windowing. */
export interface DecodedImage {
  image: RawImage;
  notes: string[];
  dicom: DicomGrey | null;
}

const isSvg = (blob: Blob, name: string): boolean => blob.type === 'image/svg+xml' || /\.svgz?$/i.test(name);

async function isDicomFile(blob: Blob, name: string): Promise<boolean> {
  if (blob.type === 'application/dicom' || /\.(dcm|dicom)$/i.test(name)) return true;
  const head = new Uint8Array(await blob.slice(0, 132).arrayBuffer());
  return head.length === 132 && String.fromCharCode(...head.subarray(128)) === 'DICM';
}

/** The reader's file (or a gallery scan) as RGBA pixels: DICOM through dicom-parser, the rest by the browser. */
export async function decodeImageFile(blob: Blob, name: string): Promise<DecodedImage> {
  if (isSvg(blob, name)) {
    throw new ImageDecodeError(
      `"${name}" is an SVG drawing: it describes shapes, not the pixels of a scan, so there is nothing for the ` +
        'model to read. Export the scan itself as PNG, JPEG or DICOM.',
    );
  }
  if (await isDicomFile(blob, name)) return decodeDicom(blob, name);
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageDecodeError(`"${name}" is not an image (${blob.type}). ${FORMATS}`);
  }
  const notes: string[] = [];
  return { image: await decodeBitmap(blob, name, notes), notes, dicom: null };
}

export async function decodeBlob(blob: Blob, name: string): Promise<RawImage> {
  return (await decodeImageFile(blob, name)).image;
}

async function decodeDicom(blob: Blob, name: string): Promise<DecodedImage> {
  const { readDicom, rgbaOfRgb, windowGrey, DicomError } = await import('../dicom');
  try {
    const dicom = readDicom(new Uint8Array(await blob.arrayBuffer()), name);
    if (dicom.kind === 'grey') return { image: windowGrey(dicom), notes: dicom.notes, dicom };
    if (dicom.kind === 'rgb') return { image: rgbaOfRgb(dicom), notes: dicom.notes, dicom: null };
    const image = await decodeBitmap(new Blob([new Uint8Array(dicom.jpeg)], { type: 'image/jpeg' }), name);
    if (dicom.invert)
      for (let i = 0; i < image.data.length; i++) if (i % 4 !== 3) image.data[i] = 255 - (image.data[i] ?? 0);
    return { image, notes: dicom.notes, dicom: null };
  } catch (error) {
    if (error instanceof DicomError) throw new ImageDecodeError(error.message);
    throw error;
  }
}

/** Decodes with the browser; an image larger than MAX_DECODE_SIDE is scaled down, and `notes` (if given) says so. */
async function decodeBitmap(blob: Blob, name: string, notes?: string[]): Promise<RawImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageDecodeError(`"${name}" could not be decoded as an image. ${FORMATS}`);
  }
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  if (scale < 1)
    notes?.push(
      `"${name}" is ${bitmap.width.toLocaleString('en-GB')} × ${bitmap.height.toLocaleString('en-GB')} px; it was ` +
        `scaled down to ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} on reading (the models ` +
        'read far fewer pixels than that).',
    );
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
    manifest = fetchSiteFile(sitePath(`samples/${folder}manifest.json`), 'the list of gallery scans')
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
        if (error instanceof GalleryUnavailableError) throw error;
        throw new GalleryUnavailableError(
          error instanceof NetworkFailureError
            ? error.message
            : `The scan gallery could not be loaded (${String(error)}).`,
        );
      });
    manifests.set(folder, manifest);
  }
  return manifest;
}

export async function loadScan(scan: GalleryScan): Promise<RawImage> {
  const response = await fetchSiteFile(sitePath(`samples/${scan.file}`), `gallery scan ${scan.id}`);
  if (!response.ok)
    throw new ImageDecodeError(`Scan ${scan.id} is missing from the gallery (HTTP ${response.status}).`);
  return decodeBlob(await response.blob(), scan.id);
}
