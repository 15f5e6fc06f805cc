/**
 * Small square convolution kernels as image-processing textbooks write them: a matrix of weights and a divisor, so
 * a Gaussian reads (1/16)·[1 2 1; 2 4 2; 1 2 1] instead of a row of 0.0625s. The kernel applied is weights / divisor.
 */

export interface Kernel {
  /** Side length: 3 or 5 (odd, so the kernel has a centre). */
  size: number;
  /** Row-major, size × size. */
  weights: number[];
  /** Every weight is divided by this (1 for most kernels). Never 0. */
  divisor: number;
}

const KERNEL_SIZES = [3, 5] as const;

export const PRESET_IDS = [
  'identity',
  'box3',
  'box5',
  'gauss3',
  'gauss5',
  'sharpen',
  'sobel-x',
  'sobel-y',
  'laplacian',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const PRESETS: Record<PresetId, Kernel> = {
  identity: { size: 3, weights: [0, 0, 0, 0, 1, 0, 0, 0, 0], divisor: 1 },
  box3: { size: 3, weights: new Array<number>(9).fill(1), divisor: 9 },
  box5: { size: 5, weights: new Array<number>(25).fill(1), divisor: 25 },
  gauss3: { size: 3, weights: [1, 2, 1, 2, 4, 2, 1, 2, 1], divisor: 16 },
  gauss5: {
    size: 5,
    weights: [1, 4, 6, 4, 1, 4, 16, 24, 16, 4, 6, 24, 36, 24, 6, 4, 16, 24, 16, 4, 1, 4, 6, 4, 1],
    divisor: 256,
  },
  sharpen: { size: 3, weights: [0, -1, 0, -1, 5, -1, 0, -1, 0], divisor: 1 },
  'sobel-x': { size: 3, weights: [-1, 0, 1, -2, 0, 2, -1, 0, 1], divisor: 1 },
  'sobel-y': { size: 3, weights: [-1, -2, -1, 0, 0, 0, 1, 2, 1], divisor: 1 },
  laplacian: { size: 3, weights: [0, 1, 0, 1, -4, 1, 0, 1, 0], divisor: 1 },
};

export class KernelError extends Error {}

export function isPresetId(value: string): value is PresetId {
  return (PRESET_IDS as readonly string[]).includes(value);
}

/** A fresh copy of a preset (callers may edit it). */
export function preset(id: PresetId): Kernel {
  const kernel = PRESETS[id];
  return { size: kernel.size, weights: [...kernel.weights], divisor: kernel.divisor };
}

/** The identity of any odd size: 1 in the centre, 0 elsewhere. */
export function identityKernel(size: number): Kernel {
  const weights = new Array<number>(size * size).fill(0);
  weights[(size * size - 1) / 2] = 1;
  return { size, weights, divisor: 1 };
}

/** Throws KernelError with a reader-facing reason when a kernel cannot be applied. */
export function validateKernel(kernel: Kernel): void {
  if (!(KERNEL_SIZES as readonly number[]).includes(kernel.size)) {
    throw new KernelError(`A kernel must be ${KERNEL_SIZES.join(' or ')} cells wide, got ${kernel.size}.`);
  }
  if (kernel.weights.length !== kernel.size * kernel.size) {
    throw new KernelError(
      `A ${kernel.size}×${kernel.size} kernel needs ${kernel.size ** 2} weights, got ${kernel.weights.length}.`,
    );
  }
  if (!kernel.weights.every(Number.isFinite)) throw new KernelError('Every kernel weight must be a number.');
  if (!Number.isFinite(kernel.divisor) || kernel.divisor === 0)
    throw new KernelError('The divisor must be a number other than 0.');
}

/** The values actually applied: weights / divisor, row-major. */
export function kernelValues(kernel: Kernel): number[] {
  return kernel.weights.map((w) => w / kernel.divisor);
}

/** The preset a kernel equals exactly, if any (so an edited kernel that happens to match is named). */
export function matchingPreset(kernel: Kernel): PresetId | null {
  return (
    PRESET_IDS.find((id) => {
      const p = PRESETS[id];
      return (
        p.size === kernel.size && p.divisor === kernel.divisor && p.weights.every((w, i) => w === kernel.weights[i])
      );
    }) ?? null
  );
}

/**
 * Whether the weights sum to zero: such kernels (edge detectors) answer 0 on a flat region, so their output is
 * signed and best drawn on a diverging scale.
 */
export function isZeroSum(kernel: Kernel): boolean {
  return Math.abs(kernel.weights.reduce((a, b) => a + b, 0)) < 1e-9;
}

/** Resizes a kernel to another side, keeping the centred overlap and padding with zeros. */
export function resizeKernel(kernel: Kernel, size: number): Kernel {
  if (size === kernel.size) return { ...kernel, weights: [...kernel.weights] };
  const weights = new Array<number>(size * size).fill(0);
  const shift = (size - kernel.size) / 2;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const sr = r - shift;
      const sc = c - shift;
      if (sr >= 0 && sc >= 0 && sr < kernel.size && sc < kernel.size)
        weights[r * size + c] = kernel.weights[sr * kernel.size + sc] ?? 0;
    }
  }
  return { size, weights, divisor: kernel.divisor };
}
