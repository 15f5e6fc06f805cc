/** Every user-visible string of the first-filters widget's script (the static markup is in FirstFilters.astro). */
import type { FilterKind } from '../../lib/model/lessons/first-layer';
import type { BackendName } from '../../lib/model/core/runtime';

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const ms = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Two decimals at most, a true minus sign, and no "−0" for tiny negative numbers. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return decimal.format(rounded === 0 ? 0 : rounded).replace('-', '−');
}

export const STRINGS = {
  loadingRuntime: 'Loading TensorFlow.js…',
  loading: (title: string) => `Loading TensorFlow.js and ${title}…`,
  noBackbone: 'The first-filters widget was given no backbone to read, and no shipped head names one.',
  noScan: 'Choose a scan, or use your own image, to see the filters respond.',
  computing: 'Running the first layer…',
  ready: (backend: BackendName, time: string) => `First layer run with tf.conv2d on ${backend} in ${time} ms.`,
  ms: (value: number) => ms.format(value),
  layerInfo: (
    name: string,
    count: number,
    kh: number,
    kw: number,
    c: number,
    s: number,
    padding: string,
    oh: number,
    ow: number,
  ) =>
    `Layer “${name}” of the loaded model: ${count} filters of ${kh} × ${kw} × ${c} weights, stride ${s}, padding “${padding}”; ` +
    `on a scan it gives ${oh} × ${ow} outputs per filter. A grey scan has the same value in every colour channel, so each ` +
    'filter acts on it like one grey kernel: the sum of its three colour weights in each cell.',
  filterTitle: (n: number, dead: boolean) => (dead ? `Filter ${n} · dead` : `Filter ${n}`),
  swatchLabel: (n: number, dead: boolean) =>
    `Filter ${n}: its 3 colour channels drawn as red, green and blue; mid-grey is weight 0.` +
    (dead ? ' A dead filter: every weight is about 0, so it draws as a plain grey square.' : ''),
  greyCaption: 'Grey kernel',
  kind: {
    dead: 'Every weight ≈ 0: a dead filter, it tells the next layer nothing about the scan.',
    colour: 'A colour-contrast filter: on a grey scan its channels cancel out.',
    grey: '',
  } satisfies Record<FilterKind, string>,
  mapLabel: (n: number, dead: boolean) =>
    dead
      ? `Response of filter ${n} on the scan: flat, because the filter is dead (every weight about 0)`
      : `Response of filter ${n} on the scan`,
  range: (min: string, max: string) => `from ${min} to ${max}`,
  useKernel: 'Try it above',
  useKernelLabel: (n: number) => `Load filter ${n}'s grey kernel into the convolution explorer above`,
  rawLegend: (m: string) =>
    `Blue = −${m}, white = 0, red = +${m}: one scale for all the maps, so their strengths compare.`,
  blockLegend: (name: string, max: string) =>
    `After batch normalisation and the activation (${name}): black = 0, white = ${max}, the largest value of all maps. This is what the next layer receives.`,
};
