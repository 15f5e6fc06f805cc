/**
 * The convolution explorer's state: a kernel (a named preset or the reader's own 3×3 / 5×5 weights and divisor),
 * stride and padding, with pure updates and a URL round-trip (keys `cv.k`, `cv.w`, `cv.d`, `cv.s`, `cv.p`; the scan
 * is the page's `scan`, kept by the scan picker).
 */
import { isPadding, type Padding } from '../../lib/model/lessons/convolution';
import {
  KERNEL_SIZES,
  identityKernel,
  isPresetId,
  matchingPreset,
  preset,
  resizeKernel,
  validateKernel,
  type Kernel,
  type PresetId,
} from '../../lib/model/lessons/kernels';
import { joinNumbers, splitNumbers } from '../../lib/view/url-state';

export type KernelChoice = PresetId | 'custom3' | 'custom5';
export const CUSTOM_CHOICES = ['custom3', 'custom5'] as const;
export const STRIDES = [1, 2, 3, 4] as const;

export interface ConvState {
  choice: KernelChoice;
  kernel: Kernel;
  stride: number;
  padding: Padding;
}

export const DEFAULT_STATE: ConvState = { choice: 'sobel-x', kernel: preset('sobel-x'), stride: 1, padding: 'same' };

const KEYS = { kernel: 'cv.k', weights: 'cv.w', divisor: 'cv.d', stride: 'cv.s', padding: 'cv.p' } as const;

function customChoice(size: number): KernelChoice {
  return size === 5 ? 'custom5' : 'custom3';
}

export function sizeOfChoice(choice: KernelChoice, current: Kernel): number {
  if (choice === 'custom3') return 3;
  if (choice === 'custom5') return 5;
  return isPresetId(choice) ? preset(choice).size : current.size;
}

/** Picking from the menu: a preset replaces the kernel; "custom" keeps the current weights, resized if needed. */
export function withChoice(state: ConvState, choice: KernelChoice): ConvState {
  if (isPresetId(choice)) return { ...state, choice, kernel: preset(choice) };
  return { ...state, choice, kernel: resizeKernel(state.kernel, sizeOfChoice(choice, state.kernel)) };
}

/** Editing one weight makes the kernel the reader's own (named after a preset again if it matches one exactly). */
export function withWeight(state: ConvState, index: number, value: number): ConvState {
  if (!Number.isFinite(value) || index < 0 || index >= state.kernel.weights.length) return state;
  const kernel = { ...state.kernel, weights: state.kernel.weights.map((w, i) => (i === index ? value : w)) };
  return { ...state, kernel, choice: matchingPreset(kernel) ?? customChoice(kernel.size) };
}

/** A whole kernel from elsewhere (another widget): named after a preset if it equals one, else the reader's own. */
export function withKernel(state: ConvState, kernel: Kernel): ConvState {
  validateKernel(kernel);
  const copy = { size: kernel.size, weights: [...kernel.weights], divisor: kernel.divisor };
  return { ...state, kernel: copy, choice: matchingPreset(copy) ?? customChoice(copy.size) };
}

export function withDivisor(state: ConvState, divisor: number): ConvState {
  if (!Number.isFinite(divisor) || divisor === 0) return state;
  const kernel = { ...state.kernel, divisor };
  return { ...state, kernel, choice: matchingPreset(kernel) ?? customChoice(kernel.size) };
}

export function withStride(state: ConvState, stride: number): ConvState {
  return (STRIDES as readonly number[]).includes(stride) ? { ...state, stride } : state;
}

export function withPadding(state: ConvState, padding: string): ConvState {
  return isPadding(padding) ? { ...state, padding } : state;
}

function parseKernel(params: URLSearchParams, fallback: ConvState): Pick<ConvState, 'choice' | 'kernel'> {
  const name = params.get(KEYS.kernel) ?? '';
  if (isPresetId(name)) return { choice: name, kernel: preset(name) };
  if (name !== 'custom3' && name !== 'custom5') return { choice: fallback.choice, kernel: fallback.kernel };
  const size = name === 'custom5' ? 5 : 3;
  const weights = splitNumbers(params.get(KEYS.weights), size * size);
  const divisor = Number(params.get(KEYS.divisor) ?? '1');
  const kernel: Kernel = weights
    ? { size, weights, divisor: Number.isFinite(divisor) && divisor !== 0 ? divisor : 1 }
    : identityKernel(size);
  validateKernel(kernel);
  return { choice: name, kernel };
}

/** Reads the state from URL parameters; anything missing or malformed keeps its default. */
export function parseState(params: URLSearchParams, defaults: ConvState = DEFAULT_STATE): ConvState {
  const { choice, kernel } = parseKernel(params, defaults);
  const withKernel = { ...defaults, choice, kernel };
  return withPadding(withStride(withKernel, Number(params.get(KEYS.stride))), params.get(KEYS.padding) ?? '');
}

export function writeState(state: ConvState, params: URLSearchParams): void {
  params.set(KEYS.kernel, state.choice);
  if (isPresetId(state.choice)) {
    params.delete(KEYS.weights);
    params.delete(KEYS.divisor);
  } else {
    params.set(KEYS.weights, joinNumbers(state.kernel.weights));
    params.set(KEYS.divisor, String(state.kernel.divisor));
  }
  params.set(KEYS.stride, String(state.stride));
  params.set(KEYS.padding, state.padding);
}

export { KERNEL_SIZES };
