/** Every user-visible string of the explanation explorer's script (the static markup is in the .astro file). */
import { METHOD_NAMES, type Method } from '../../lib/model/explain/methods';
import type { ScoreSpace } from '../../lib/model/explain/scorer';

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** Three significant digits, plain or scientific as the size asks. */
export function value3(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toPrecision(3);
}

const spaceName = (space: ScoreSpace): string => (space === 'probability' ? 'probability' : 'log-odds');

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  chooseImage: 'Choose a scan or your own image to explain the model’s call on it.',
  loadingModel: (title: string): string => `Loading the ${title} model…`,
  computing: (method: Method): string => `Computing ${METHOD_NAMES[method]}…`,
  occluding: (done: number, total: number): string =>
    `Occlusion: ${whole.format(done)} of ${whole.format(total)} boxes through the model…`,
  ready: (method: Method, ms: number, backend: string): string =>
    `${METHOD_NAMES[method]} ready in ${whole.format(ms)} ms on ${backend}.`,
  cancelled: 'Cancelled; the map shows what was computed before.',
  refused: (reason: string): string => `Not computed: ${reason} The previous map stays.`,
  predicted: (cls: string, p: number): string => `predicted (${cls}, ${percent.format(p)})`,
  call: (classes: readonly string[], probabilities: ArrayLike<number>): string =>
    `The model’s call: ${classes.map((c, i) => `${c} ${percent.format(probabilities[i] ?? 0)}`).join(', ')}.`,
  units: (method: Method, space: ScoreSpace, cls: string): string =>
    method === 'occlusion'
      ? `drop in the ${spaceName(space)} of ${cls} when the box covers the pixel`
      : method === 'gradcam'
        ? `Grad-CAM weight for ${cls} (${spaceName(space)}), ReLU-clipped`
        : method === 'ig'
          ? `share of the ${spaceName(space)} of ${cls} attributed to the pixel`
          : `change in the ${spaceName(space)} of ${cls} per gray level`,
  legend: (limit: number): [string, string, string] => [`−${value3(limit)}`, '0', `+${value3(limit)}`],
  range: (min: number, max: number): string => `Values on this map run from ${value3(min)} to ${value3(max)}.`,
  readout: (row: number, col: number, v: number, units: string): string =>
    `Row ${row + 1}, column ${col + 1}: ${value3(v)} (${units}).`,
  readoutHint: 'Point at, tap or focus the map (arrow keys move) to read the value under it.',
  base: (space: ScoreSpace, v: number): string => `Unoccluded ${spaceName(space)}: ${value3(v)}.`,
  completeness: (sum: number, delta: number, error: number): string =>
    `Completeness: the attributions sum to ${value3(sum)}; f(scan) − f(black) = ${value3(delta)} (${percent.format(error)} apart).`,
  layer: (layer: string): string => `Grad-CAM at ${layer}.`,
  faithfulness: 'Measuring deletion and insertion…',
  sanity: (step: number, total: number, label: string): string => `Sanity check: step ${step} of ${total} (${label})…`,
  ownMissing: 'No head of yours is saved for this model yet: train one in chapter 7 and keep it.',
  ownUsed: (n: number): string => `Explaining your own head (trained on ${whole.format(n)} films in chapter 7).`,
  overlayAria: (method: Method, cls: string): string =>
    `${METHOD_NAMES[method]} map for ${cls} over the scan. Arrow keys move the read-out; Shift+arrow moves by 16.`,
  defaultLayer: (layer: string): string => `${layer} (the map the head reads)`,
  auc: (v: number): string => v.toFixed(3),
  randomRow: 'random map (baseline)',
  methodName: (m: Method): string => METHOD_NAMES[m],
} as const;
