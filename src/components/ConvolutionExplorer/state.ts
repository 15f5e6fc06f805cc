/**
 * The convolution explorer's state: a kernel (a named preset or the reader's own 3×3 / 5×5 weights and divisor),
 * stride and padding, with pure updates, and the inspected output pixel's moves. The URL keeps the state under `cv.`
 * (keys `cv.k`, `cv.w`, `cv.d`, `cv.s`, `cv.p`; weights and divisor only for the reader's own kernel; the scan is the
 * page's `scan`, kept by the scan picker). What a link asks for and cannot have falls back or is clamped, with a note.
 */
import { PADDINGS, isPadding, type Padding } from '../../lib/model/lessons/convolution';
import {
  PRESET_IDS,
  identityKernel,
  isPresetId,
  matchingPreset,
  preset,
  resizeKernel,
  validateKernel,
  type Kernel,
  type PresetId,
} from '../../lib/model/lessons/kernels';
import {
  choiceField,
  defineUrlState,
  joinNumbers,
  numberField,
  splitNumbers,
  textField,
  type StateSpec,
} from '../../lib/view/url-state';

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

function customChoice(size: number): KernelChoice {
  return size === 5 ? 'custom5' : 'custom3';
}

function isCustom(choice: string): choice is (typeof CUSTOM_CHOICES)[number] {
  return (CUSTOM_CHOICES as readonly string[]).includes(choice);
}

function sizeOfChoice(choice: KernelChoice, current: Kernel): number {
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

/** The URL's fields; weights and divisor are read as text, and only when the kernel is the reader's own. */
interface ConvUrl {
  kernel: KernelChoice;
  weights: string;
  divisor: string;
  stride: number;
  padding: Padding;
}

const PREFIX = 'cv.';
const SHORT = { kernel: 'k', weights: 'w', divisor: 'd', stride: 's', padding: 'p' } as const;
const ANY_TEXT = /^[\s\S]*$/;

const URL_STATE = defineUrlState<ConvUrl>(
  'the convolution explorer',
  PREFIX,
  {
    kernel: choiceField<KernelChoice>([...PRESET_IDS, ...CUSTOM_CHOICES], DEFAULT_STATE.choice),
    weights: textField(ANY_TEXT, ''),
    divisor: textField(ANY_TEXT, ''),
    stride: numberField({
      min: Math.min(...STRIDES),
      max: Math.max(...STRIDES),
      fallback: DEFAULT_STATE.stride,
      step: 1,
    }),
    padding: choiceField(PADDINGS, DEFAULT_STATE.padding),
  },
  SHORT,
);

/** The reader's own kernel from the link's weights and divisor; the identity kernel, or divisor 1, when they are unusable. */
function customKernel(size: number, url: ConvUrl, notes: string[]): Kernel {
  const weights = splitNumbers(url.weights, size * size);
  const divisor = url.divisor === '' ? 1 : Number(url.divisor);
  if (!weights)
    notes.push(`The link's ${PREFIX}${SHORT.weights} needs ${size * size} numbers; the identity kernel is used.`);
  const usable = Number.isFinite(divisor) && divisor !== 0;
  if (!usable) notes.push(`The link's ${PREFIX}${SHORT.divisor}=${url.divisor} is not a divisor; 1 is used.`);
  if (!weights) return identityKernel(size);
  return { size, weights, divisor: usable ? divisor : 1 };
}

function parse(params: URLSearchParams): { state: ConvState; notes: string[] } {
  const { state: url, notes } = URL_STATE.parse(params);
  const choice = url.kernel;
  const kernel = isCustom(choice)
    ? customKernel(sizeOfChoice(choice, DEFAULT_STATE.kernel), url, notes)
    : preset(choice);
  validateKernel(kernel);
  return { state: { choice, kernel, stride: url.stride, padding: url.padding }, notes };
}

function write(state: ConvState, params: URLSearchParams): void {
  const custom = isCustom(state.choice);
  URL_STATE.write(
    {
      kernel: state.choice,
      weights: custom ? joinNumbers(state.kernel.weights) : '',
      divisor: custom ? String(state.kernel.divisor) : '',
      stride: state.stride,
      padding: state.padding,
    },
    params,
  );
  if (custom) return;
  params.delete(`${PREFIX}${SHORT.weights}`);
  params.delete(`${PREFIX}${SHORT.divisor}`);
}

export const convUrlState: StateSpec<ConvState> = { keys: URL_STATE.keys, defaults: DEFAULT_STATE, parse, write };

/** An output pixel. */
export interface Cell {
  row: number;
  col: number;
}

/** Keeps a cell inside a `height` × `width` output; no cell yet means its centre. */
export function clampCell(cell: Cell | null, height: number, width: number): Cell {
  const c = cell ?? { row: Math.floor(height / 2), col: Math.floor(width / 2) };
  return { row: Math.min(height - 1, Math.max(0, c.row)), col: Math.min(width - 1, Math.max(0, c.col)) };
}

/** Arrow keys move one pixel; Page Up / Page Down ten rows; Home / End to the row's ends. */
const KEY_MOVES: Record<string, (cell: Cell, width: number) => Cell> = {
  ArrowUp: (c) => ({ ...c, row: c.row - 1 }),
  ArrowDown: (c) => ({ ...c, row: c.row + 1 }),
  ArrowLeft: (c) => ({ ...c, col: c.col - 1 }),
  ArrowRight: (c) => ({ ...c, col: c.col + 1 }),
  PageUp: (c) => ({ ...c, row: c.row - 10 }),
  PageDown: (c) => ({ ...c, row: c.row + 10 }),
  Home: (c) => ({ ...c, col: 0 }),
  End: (c, width) => ({ ...c, col: width - 1 }),
};

/** The cell a key moves to inside a `height` × `width` output; null for a key that is not a move. */
export function keyMove(cell: Cell | null, key: string, height: number, width: number): Cell | null {
  const move = KEY_MOVES[key];
  return move ? clampCell(move(clampCell(cell, height, width), width), height, width) : null;
}
