/**
 * The gallery of real scans that setup copies into public/samples (git-ignored), with each image's provenance.
 * Shared by setup (writes manifest.json) and the widgets (read it, show the caption under every scan).
 */
export interface GalleryScan {
  id: string;
  /** Path under /samples/. */
  file: string;
  dataset: 'cxr' | 'oct';
  label: string;
  subtype: string;
  patientId: string;
  /** Test scans are what widgets show and judge on; train scans are what the in-page retraining starts from. */
  split: 'train' | 'test';
  group: string;
  sha256: string;
  source: string;
  licence: string;
  citation: string;
}

export interface GalleryManifest {
  generated: string;
  scans: GalleryScan[];
}

export class GalleryUnavailableError extends Error {}

/** Where setup puts the train-split examples, under the gallery folder (samples/). */
export const TRAINING_GALLERY_DIR = 'training';

export function parseGalleryManifest(json: unknown): GalleryManifest {
  const manifest = json as Partial<GalleryManifest> | null;
  if (!manifest || !Array.isArray(manifest.scans))
    throw new GalleryUnavailableError('The gallery manifest has no scans.');
  return manifest as GalleryManifest;
}

/** A human caption: what the scan is and where it comes from. */
export function scanCaption(scan: GalleryScan): string {
  const what = scan.dataset === 'cxr' ? 'Paediatric chest X-ray' : 'Retinal OCT B-scan';
  const label = scan.subtype ? `${scan.label.toLowerCase()} (${scan.subtype})` : scan.label.toLowerCase();
  return `${what}, ${label}, ${scan.split} split (${scan.id}). ${scan.citation}. ${scan.licence}.`;
}
