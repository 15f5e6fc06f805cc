/** Every user-visible string of the activation browser's script (the static markup is in InsideCnn.astro). */
import type { FieldOnScan } from '../../lib/model/lessons/receptive-field';

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const value = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

const SIDES = ['top', 'bottom', 'left', 'right'] as const;
/** A share of the scan; a small field's share would round to 0 %, so it is given as a bound. */
const shareText = (share: number): string => (share < 0.001 ? 'less than 0.1%' : percent.format(share));
const beyondSides = (shown: FieldOnScan): string[] => SIDES.filter((side) => shown.beyond[side]);

export const dims = (shape: readonly (number | null)[]): string =>
  shape.map((d) => (d === null ? 'batch' : whole.format(d))).join(' × ');

export const STRINGS = {
  loadingRuntime: 'Loading TensorFlow.js…',
  loading: (title: string): string => `Loading the ${title} model…`,
  predicting: 'Running the network…',
  reading: (layer: string): string => `Reading layer ${layer}…`,
  chooseImage: 'Choose a scan or your own image.',
  unknownLayer: (asked: string, shown: string): string =>
    `The link's cnn.layer=${asked} is not a layer of this head's network; ${shown} is shown instead.`,
  ready: (layer: string, backend: string, ms: number): string =>
    `Layer ${layer} read on ${backend} in ${whole.format(ms)} ms.`,
  layerOption: (index: number, name: string, type: string, shape: readonly number[]): string =>
    `${index}. ${name} (${type}) · ${dims(shape)}`,
  layerInfo: (type: string, shape: readonly number[], rf: number, jump: number): string =>
    `${type}, output ${dims(shape)} (rows × columns × channels). Each position sees ${whole.format(rf)} × ${whole.format(rf)} ` +
    `pixels of the scan; neighbouring positions are ${whole.format(jump)} px apart.`,
  fmt: (v: number): string => value.format(v),
  pct: (v: number): string => percent.format(v),
  count: (n: number): string => whole.format(n),
  channelButton: (channel: number, max: number, flat: boolean): string =>
    flat
      ? max === 0
        ? `Channel ${channel + 1}, silent: zero everywhere on this scan`
        : `Channel ${channel + 1}, flat: ${value.format(max)} everywhere on this scan`
      : `Channel ${channel + 1}, largest value ${value.format(max)}`,
  flatBadge: (v: number): string => (v === 0 ? 'silent' : 'flat'),
  zoomCaption: (channel: number, channels: number, row: number, col: number, v: number): string =>
    `Channel ${channel + 1} of ${whole.format(channels)}: row ${row + 1}, column ${col + 1} = ${value.format(v)}`,
  zoomAria: (layer: string, channel: number): string =>
    `Channel ${channel + 1} of layer ${layer}, enlarged. Arrow keys move the chosen position; Shift+arrow moves by 4.`,
  rfText: (layer: string, at: { row: number; col: number }, size: number, input: number, shown: FieldOnScan): string =>
    `Outlined: what the position (row ${at.row + 1}, column ${at.col + 1}) of ${layer} can see. Its field is ` +
    `${whole.format(size)} × ${whole.format(size)} px` +
    (shown.whole
      ? `, and it covers the whole ${input} × ${input} px scan.`
      : `, and it covers ${shareText(shown.share)} of the ${input} × ${input} px scan` +
        (beyondSides(shown).length
          ? `: it hangs over the ${beyondSides(shown).join(' and ')} edge into the padding.`
          : '.')) +
    (beyondSides(shown).length ? ' Dashed sides: the field goes on into the padding.' : ''),
  gridLabel: (layer: string, channels: number): string =>
    `The ${whole.format(channels)} channels of ${layer}. Arrow keys move, Enter enlarges.`,
  scaleNote: (diverging: boolean): string =>
    diverging
      ? 'Each channel has its own colour scale: blue negative, white zero, red positive.'
      : 'Each channel has its own grey scale: black its smallest value, white its largest.',
  prediction: (label: string, p: number): string => `${label}: ${percent.format(p)}`,
  layerCount: (n: number): string => whole.format(n),
  archKernel: (kernel: number | null, stride: number | null): string =>
    kernel === null ? '' : `${kernel} × ${kernel} / ${stride ?? 1}`,
} as const;
