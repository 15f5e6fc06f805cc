/** The layer-parameters widget's state: how many units/filters and the kernel size; URL keys `lp.n`, `lp.k`. */

export const COUNT_RANGE = { min: 1, max: 256, step: 1 } as const;
export const KERNEL_CHOICES = [1, 3, 5, 7] as const;

export interface LayerParametersState {
  /** Units of the dense layer, filters of the convolution: the same number of feature detectors. */
  count: number;
  kernel: number;
}

export const DEFAULT_STATE: LayerParametersState = { count: 16, kernel: 3 };

const KEYS = { count: 'lp.n', kernel: 'lp.k' } as const;

export function withCount(state: LayerParametersState, count: number): LayerParametersState {
  if (!Number.isFinite(count)) return state;
  return { ...state, count: Math.min(COUNT_RANGE.max, Math.max(COUNT_RANGE.min, Math.round(count))) };
}

export function withKernel(state: LayerParametersState, kernel: number): LayerParametersState {
  return (KERNEL_CHOICES as readonly number[]).includes(kernel) ? { ...state, kernel } : state;
}

export function parseState(
  params: URLSearchParams,
  defaults: LayerParametersState = DEFAULT_STATE,
): LayerParametersState {
  const count = Number(params.get(KEYS.count)?.trim() || Number.NaN);
  const kernel = Number(params.get(KEYS.kernel)?.trim() || Number.NaN);
  return withKernel(withCount(defaults, count), kernel);
}

export function writeState(state: LayerParametersState, params: URLSearchParams): void {
  params.set(KEYS.count, String(state.count));
  params.set(KEYS.kernel, String(state.kernel));
}
