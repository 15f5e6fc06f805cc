/**
 * The scans the head trainer works with, from the galleries setup copied: train-split films per class (what readers
 * may add) and the held-out test-split scans both heads are judged on, read once per task through the shipped model.
 */
import type { GalleryScan } from '../../lib/gallery';
import type { Classifier } from '../../lib/model/core/classifier';
import type { RawImage } from '../../lib/model/core/preprocess';
import { pooledFeature, scoreProbabilities, type HeadScore } from '../../lib/model/training/retrain';
import type { Tf } from '../../lib/model/core/runtime';
import { classOf, type TaskInfo } from '../../lib/model/core/tasks';
import { loadGallery, loadScan, loadTrainingGallery } from '../../lib/view/image-source';
import type { HeldOutRow } from './render';

export interface HeldOut {
  rows: HeldOutRow[];
  /** Pooled features, for scoring the reader's head without running the backbone again. */
  features: Float32Array[];
  /** The shipped model on the same scans, from pixels. */
  shipped: HeadScore | null;
}

/** Every test-gallery scan of the task, once through the backbone; a missing file leaves one scan out, not the widget. */
export async function heldOutScans(
  tf: Tf,
  task: TaskInfo,
  classifier: Classifier,
  progress: (fraction: number) => void,
): Promise<HeldOut> {
  let scans: GalleryScan[] = [];
  try {
    scans = (await loadGallery()).scans.filter((s) => s.dataset === task.dataset && classOf(task, s) !== null);
  } catch {
    return { rows: [], features: [], shipped: null };
  }
  const rows: HeldOutRow[] = [];
  const features: Float32Array[] = [];
  const probabilities: Float32Array[] = [];
  for (const [i, scan] of scans.entries()) {
    progress(i / scans.length);
    let image: RawImage;
    try {
      image = await loadScan(scan);
    } catch {
      continue;
    }
    features.push(await pooledFeature(tf, classifier, image));
    probabilities.push(await classifier.predict(image));
    rows.push({ name: scan.id, truth: task.classes.indexOf(classOf(task, scan) as string) });
  }
  const shipped = rows.length
    ? scoreProbabilities(
        probabilities,
        rows.map((r) => r.truth),
        task.classes.length,
      )
    : null;
  return { rows, features, shipped };
}

/** The train-split films per class (in class order); none when the training gallery is not installed. */
export async function trainingScans(task: TaskInfo): Promise<GalleryScan[][]> {
  try {
    const scans = (await loadTrainingGallery()).scans.filter((s) => s.dataset === task.dataset);
    return task.classes.map((name) => scans.filter((s) => classOf(task, s) === name));
  } catch {
    return task.classes.map(() => []);
  }
}
