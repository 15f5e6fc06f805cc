/** Text the convolution explorer writes at run time; numbers through Intl. */
import type { Padding } from '../../lib/model/lessons/convolution';
import type { BackendName } from '../../lib/model/core/runtime';
import type { KernelChoice } from './state';

/** How errors name the widget ("The convolution explorer's markup lacks …"). */
export const OWNER = 'convolution explorer';

const whole = new Intl.NumberFormat();
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const ms = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Up to two decimals, with a true minus sign (and no −0 for tiny negative numbers). */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return decimal.format(rounded === 0 ? 0 : rounded).replace('-', '−');
}

export const KERNEL_LABELS: Record<KernelChoice, string> = {
  identity: 'Identity (3 × 3)',
  box3: 'Box blur (3 × 3)',
  box5: 'Box blur (5 × 5)',
  gauss3: 'Gaussian blur (3 × 3)',
  gauss5: 'Gaussian blur (5 × 5)',
  sharpen: 'Sharpen (3 × 3)',
  'sobel-x': 'Sobel x: left–right change (3 × 3)',
  'sobel-y': 'Sobel y: top–bottom change (3 × 3)',
  laplacian: 'Laplacian: spots and lines (3 × 3)',
  custom3: 'Your own 3 × 3',
  custom5: 'Your own 5 × 5',
};

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  noScan: 'Choose a scan, or use your own image, to convolve it.',
  computing: 'Convolving…',
  ready: (backend: BackendName, time: string, width: number, height: number) =>
    `tf.conv2d on ${backend}: ${whole.format(width)} × ${whole.format(height)} output pixels in ${time} ms.`,
  ms: (value: number) => ms.format(value),
  weightLabel: (row: number, col: number) => `Weight, row ${row + 1}, column ${col + 1}`,
  size: (n: number, k: number, s: number, padding: Padding, before: number, after: number, out: number) =>
    `n = ${n}, k = ${k}, s = ${s}, padding “${padding}” adds ${before} before and ${after} after: ` +
    `⌊(${n} + ${before} + ${after} − ${k}) / ${s}⌋ + 1 = ${out}`,
  inputSize: (n: number) => `Input: ${n} × ${n} pixels, brightness 0–255.`,
  outputSize: (w: number, h: number) => `Output: ${w} × ${h} pixels.`,
  grayLegend: (low: string, high: string, min: string, max: string) =>
    `Black = ${low} or less, white = ${high} or more (98 % of pixels lie between; all lie from ${min} to ${max}).`,
  divergingLegend: (m: string, min: string, max: string) =>
    `Blue = −${m} or less, white = 0, red = +${m} or more (98 % of pixels lie between; all from ${min} to ${max}). ` +
    'This kernel’s weights sum to 0, so flat regions give 0.',
  detailHeading: (i: number, j: number) => `Output pixel y(${i}, ${j}): row ${i}, column ${j}`,
  patchCaption: (r0: number, r1: number, c0: number, c1: number) =>
    `Input patch x, rows ${r0}–${r1}, columns ${c0}–${c1}`,
  patchNote: 'Greyed cells lie outside the scan: padding zeros.',
  kernelCaption: 'Kernel weights w',
  productsCaption: 'Products x · w',
  sum: (terms: string, total: string) => `Sum of the products: ${terms} = ${total}`,
  divide: (total: string, divisor: string, value: string) => `Divided by the divisor: ${total} ÷ ${divisor} = ${value}`,
  network: (i: number, j: number, value: string) => `tf.conv2d computed y(${i}, ${j}) = ${value}`,
  outputLabel: 'The output map, each pixel coloured by the value the convolution computed there.',
  gridLabel:
    'Output map: use the arrow keys to move from pixel to pixel (Page Up and Page Down jump 10 rows); the detail below explains the highlighted pixel.',
};
