/** Every user-visible string of the shift experiment's script (the static markup is in ShiftExperiment.astro). */
import type { ShiftDirection } from '../../lib/model/lessons/shift';

interface Changes {
  shift?: number;
  early: number;
  last: number;
  pooled: number;
}

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
  lastName: (name: string, shape: readonly (number | null)[]): string =>
    `Map feeding the head, ${name} (${dims(shape)}), compared cell by cell before pooling`,
  pooledName: (name: string, shape: readonly (number | null)[]): string =>
    `Map feeding the head, ${name} (${dims(shape)}), averaged over rows and columns to ${whole.format(shape[3] ?? 0)} numbers`,
  yLabel: "change ÷ change to another patient's scan",
  yLabelRaw: 'relative change',
  xLabel: 'shift (pixels)',
  plotAria:
    'How much the early layer, the last map before pooling and the pooled features change as the scan shifts 0 to 16 pixels',
  plotDescription: (rows: readonly Changes[]): string =>
    rows
      .map(
        (r) =>
          `${r.shift} px: early ${ratio.format(r.early)}, last map ${ratio.format(r.last)}, pooled ${ratio.format(r.pooled)}`,
      )
      .join('; '),
  readout: (at: number, d: ShiftDirection, change: Changes, ofGap: Changes | null): string => {
    const gap = (key: keyof Omit<Changes, 'shift'>, words: string) =>
      ofGap === null ? '' : ` (${ratio.format(ofGap[key])} of ${words})`;
    return (
      `Shifted ${whole.format(at)} px ${d === 'right' ? 'right' : 'down'}: the early map changed by ` +
      `${percent.format(change.early)}${gap('early', "the gap to another patient's scan")}; the last map, cell by cell, ` +
      `by ${percent.format(change.last)}${gap('last', 'that gap')}; the pooled features by ${percent.format(change.pooled)}` +
      `${gap('pooled', 'that gap')}.`
    );
  },
  yardstickNote: (yard: Changes & { n: number }): string =>
    `Yardstick: the same scan compared with ${whole.format(yard.n)} other scans from the gallery differs by ` +
    `${percent.format(yard.early)} at the early layer, ${percent.format(yard.last)} at the last map and ` +
    `${percent.format(yard.pooled)} after pooling (median).`,
  noYardstick:
    'Without the scan gallery there are no other scans to compare with; the plot shows the bare relative change.',
  ready: (count: number, ms: number, backend: string): string =>
    `Done: ${whole.format(count)} positions measured on ${backend} in ${whole.format(ms)} ms.`,
  previewAria: (at: number, d: ShiftDirection): string =>
    `The scan as the network receives it, shifted ${at} px ${d === 'right' ? 'right' : 'down'}`,
  fmt: (value: number): string => ratio.format(value),
} as const;
