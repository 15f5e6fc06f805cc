/**
 * The layer-parameters widget's state: how many units/filters and the kernel size, with pure updates. The URL keeps
 * it under `lp.` (keys `lp.n`, `lp.k`); a count beyond the slider is clamped, an unknown kernel falls back, each with
 * a note the widget shows.
 */
import { defineUrlState, numberField, type Field } from '../../lib/view/url-state';

export const COUNT_RANGE = { min: 1, max: 256, step: 1 } as const;
export const KERNEL_CHOICES = [1, 3, 5, 7] as const;

export interface LayerParametersState {
  /** Units of the dense layer, filters of the convolution: the same number of feature detectors. */
  count: number;
  kernel: number;
}

export const DEFAULT_STATE: LayerParametersState = { count: 16, kernel: 3 };

function isKernel(kernel: number): boolean {
  return (KERNEL_CHOICES as readonly number[]).includes(kernel);
}

/** One of the kernel sizes the menu offers. */
const kernelField: Field<number> = {
  parse(text, key) {
    if (text === null || text.trim() === '') return { value: DEFAULT_STATE.kernel };
    const kernel = Number(text);
    if (isKernel(kernel)) return { value: kernel };
    return {
      value: DEFAULT_STATE.kernel,
      note: `The link's ${key}=${text} is not one of ${KERNEL_CHOICES.join(', ')}; ${DEFAULT_STATE.kernel} is used.`,
    };
  },
  format: (value) => String(value),
};

export const layerParametersUrlState = defineUrlState<LayerParametersState>(
  'the layer-parameters widget',
  'lp.',
  { count: numberField({ ...COUNT_RANGE, fallback: DEFAULT_STATE.count }), kernel: kernelField },
  { count: 'n', kernel: 'k' },
);

export function withCount(state: LayerParametersState, count: number): LayerParametersState {
  if (!Number.isFinite(count)) return state;
  return { ...state, count: Math.min(COUNT_RANGE.max, Math.max(COUNT_RANGE.min, Math.round(count))) };
}

export function withKernel(state: LayerParametersState, kernel: number): LayerParametersState {
  return isKernel(kernel) ? { ...state, kernel } : state;
}

/** The state in the URL (see layerParametersUrlState). */
export function parseState(params: URLSearchParams): LayerParametersState {
  return layerParametersUrlState.parse(params).state;
}

export function writeState(state: LayerParametersState, params: URLSearchParams): void {
  layerParametersUrlState.write(state, params);
}
