/**
 * The scans the head trainer works with, from the galleries setup copied: train-split films per class (what readers
 * may add) and the held-out test-split scans both heads are judged on, read once per task through the shipped model.
 */
import type { GalleryScan } from '../../lib/gallery';
import type { Classifier } from '../../lib/model/core/classifier';
import type { RawImage } from '../../lib/model/core/preprocess';
import { scoreProbabilities, type HeadScore } from '../../lib/model/training/retrain';
import { classOf, type TaskInfo } from '../../lib/model/core/tasks';
import { loadGallery, loadScan, loadTrainingGallery } from '../../lib/view/image-source';

/** One held-out scan: its name and true class (index into the task's classes). */
export interface HeldOutRow {
  name: string;
  truth: number;
}

export interface HeldOut {
  rows: HeldOutRow[];
  /** Pooled features, for scoring the reader's head without running the backbone again. */
  features: Float32Array[];
  /** The shipped model on the same scans, from pixels. */
  shipped: HeadScore | null;
}

export const NO_HELD_OUT: HeldOut = { rows: [], features: [], shipped: null };

/** How a long loop reports and pauses: progress, the abort signal, and a wait while the widget is offscreen. */
export interface LoopControl {
  progress(fraction: number): void;
  signal: AbortSignal;
  whenVisible(): Promise<void>;
}

/**
 * Every test-gallery scan of the task, once through the backbone; a missing file leaves one scan out, not the
 * widget. Pauses while the widget is offscreen; stops (returning what it has) once the signal aborts.
 */
export async function heldOutScans(task: TaskInfo, classifier: Classifier, loop: LoopControl): Promise<HeldOut> {
  let scans: GalleryScan[] = [];
  try {
    scans = (await loadGallery()).scans.filter((s) => s.dataset === task.dataset && classOf(task, s) !== null);
  } catch {
    return NO_HELD_OUT;
  }
  const rows: HeldOutRow[] = [];
  const features: Float32Array[] = [];
  const probabilities: Float32Array[] = [];
  for (const [i, scan] of scans.entries()) {
    await loop.whenVisible();
    if (loop.signal.aborted) break;
    loop.progress(i / scans.length);
    let image: RawImage;
    try {
      image = await loadScan(scan);
    } catch {
      continue;
    }
    // One backbone pass gives both the shipped head's probabilities and the vector the reader's head reads.
    const { pooled, probabilities: p } = await classifier.readout(image);
    features.push(pooled);
    probabilities.push(p);
    rows.push({ name: scan.id, truth: task.classes.indexOf(classOf(task, scan) as string) });
  }
  const truth = rows.map((r) => r.truth);
  const shipped = rows.length ? scoreProbabilities(probabilities, truth, task.classes.length) : null;
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
