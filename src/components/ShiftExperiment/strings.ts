/** Every user-visible string of the shift experiment's script (the static markup is in ShiftExperiment.astro). */
import type { ShiftDirection } from '../../lib/model/lessons/shift';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const ratio = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dims = (shape: readonly (number | null)[]): string =>
  shape
    .slice(1)
    .map((d) => whole.format(d ?? 0))
    .join(' × ');

export const STRINGS = {
  loading: 'Loading TensorFlow.js and the network…',
  loadingModel: (title: string): string => `Loading the ${title} model…`,
  previewing: 'Shifting the scan for the preview…',
  at: (px: number): string => `${whole.format(px)} px`,
  yardstick: (n: number): string => `Measuring how different ${whole.format(n)} other scans are…`,
  shifting: (done: number, total: number): string =>
    `Shifting the scan: ${whole.format(done)} of ${whole.format(total)} positions…`,
  chooseImage: 'Choose a scan or your own image to run the experiment.',
  earlyName: (name: string, shape: readonly (number | null)[]): string =>
    `Early layer ${name} (${dims(shape)}), compared cell by cell`,
  pooledName: (name: string, shape: readonly (number | null)[]): string =>
    `Map feeding the head, ${name} (${dims(shape)}), averaged over rows and columns to ${whole.format(shape[3] ?? 0)} numbers`,
  yLabel: "change ÷ change to another patient's scan",
  yLabelRaw: 'relative change',
  xLabel: 'shift (pixels)',
  plotAria: 'How much the early layer and the pooled features change as the scan shifts 0 to 16 pixels',
  plotDescription: (rows: readonly { shift: number; early: number; pooled: number }[]): string =>
    rows.map((r) => `${r.shift} px: early ${ratio.format(r.early)}, pooled ${ratio.format(r.pooled)}`).join('; '),
  readout: (
    at: number,
    d: ShiftDirection,
    early: number,
    pooled: number,
    earlyRatio: number | null,
    pooledRatio: number | null,
  ): string =>
    `Shifted ${whole.format(at)} px ${d === 'right' ? 'right' : 'down'}: the early map changed by ${percent.format(early)}` +
    (earlyRatio === null ? '' : ` (${ratio.format(earlyRatio)} of the gap to another patient's scan)`) +
    `; the pooled features by ${percent.format(pooled)}` +
    (pooledRatio === null ? '.' : ` (${ratio.format(pooledRatio)} of that gap).`),
  yardstickNote: (n: number, early: number, pooled: number): string =>
    `Yardstick: the same scan compared with ${whole.format(n)} other scans from the gallery differs by ${percent.format(early)} ` +
    `at the early layer and ${percent.format(pooled)} after pooling (median).`,
  noYardstick:
    'Without the scan gallery there are no other scans to compare with; the plot shows the bare relative change.',
  ready: (count: number, ms: number, backend: string): string =>
    `Done: ${whole.format(count)} positions measured on ${backend} in ${whole.format(ms)} ms.`,
  previewAria: (at: number, d: ShiftDirection): string =>
    `The scan as the network receives it, shifted ${at} px ${d === 'right' ? 'right' : 'down'}`,
  fmt: (value: number): string => ratio.format(value),
} as const;
