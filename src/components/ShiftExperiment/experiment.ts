/**
 * The shift experiment's computations, each called from the widget's render (never from an event handler): the
 * preview frames (the scan shifted 0..MAX_SHIFT px, exactly as the network receives it, so the slider only draws),
 * the yardstick (other gallery scans of the same dataset) and the drift curve, one shift at a time.
 */
import type * as tfc from '@tensorflow/tfjs';
import { otherScans } from '../../lib/gallery-pick';
import type { Grid } from '../../lib/model/core/grid';
import { toDisplayRange, toInputTensor, type InputSpec, type RawImage } from '../../lib/model/core/preprocess';
import type { Runtime } from '../../lib/model/core/runtime';
import type { TaskId } from '../../lib/model/core/tasks';
import { TASKS } from '../../lib/model/core/tasks';
import { otherScanDistance, shiftInput, type DriftOptions } from '../../lib/model/lessons/shift';
import { loadGallery, loadScan } from '../../lib/view/image-source';
import type { ScanSelection } from '../../lib/view/scan-picker';
import type { Yardstick } from './render';
import { MAX_SHIFT, type ShiftState } from './state';

/** How many other gallery scans make the yardstick. */
export const OTHER_SCANS = 4;

/** Between two steps of a long loop: false when a newer request aborted it (the caller stops). */
export type Step = () => Promise<boolean>;

/** One preview frame: the input shifted `by` px, back in the 0..255 grey range, first channel only. */
async function frame(
  tf: Runtime['tf'],
  input: tfc.Tensor4D,
  by: number,
  state: ShiftState,
  spec: InputSpec,
): Promise<Grid> {
  const pixels = tf.tidy(() => {
    const shifted = shiftInput(tf, input, by, state.direction, state.fill, spec.offset);
    return toDisplayRange(tf, shifted, spec).slice([0, 0, 0, 0], [1, -1, -1, 1]);
  });
  try {
    return { width: spec.size, height: spec.size, values: (await pixels.data()) as Float32Array };
  } finally {
    pixels.dispose();
  }
}

/** Every preview frame, shift 0 to MAX_SHIFT; null when aborted part-way. */
export async function previewFrames(
  runtime: Runtime,
  image: RawImage,
  state: ShiftState,
  spec: InputSpec,
  step: Step,
): Promise<Grid[] | null> {
  const { tf } = runtime;
  const input = toInputTensor(tf, image, spec);
  const frames: Grid[] = [];
  try {
    for (let by = 0; by <= MAX_SHIFT; by++) {
      frames.push(await frame(tf, input, by, state, spec));
      if (!(await step())) return null;
    }
  } finally {
    input.dispose();
  }
  return frames;
}

/**
 * The yardstick for a scan: its distance at the two layers from OTHER_SCANS other gallery scans of the task's
 * dataset (median). Null without a gallery. Cached per backend, scan and layers in `cache` (plain numbers).
 */
export function yardstickFor(
  runtime: Runtime,
  cache: Map<string, Promise<Yardstick | null>>,
  selection: ScanSelection,
  task: TaskId,
  model: tfc.LayersModel,
  options: DriftOptions,
): Promise<Yardstick | null> {
  const key = [runtime.backend, selection.id, options.earlyLayer, options.pooledLayer].join('|');
  let yard = cache.get(key);
  if (!yard) {
    yard = (async () => {
      const gallery = await loadGallery().catch(() => null);
      if (!gallery) return null;
      const picked = otherScans(gallery.scans, TASKS[task].dataset, selection.id, OTHER_SCANS);
      const others: RawImage[] = await Promise.all(picked.map(loadScan));
      if (others.length === 0) return null;
      const distance = await otherScanDistance(runtime.tf, model, selection.image, others, options);
      return { ...distance, n: others.length };
    })();
    yard.catch(() => cache.delete(key));
    cache.set(key, yard);
  }
  return yard;
}
