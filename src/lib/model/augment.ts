/**
 * Augmentation against acquisition shift, on the preprocessed grayscale scan (size × size, 0..255), in plain
 * JavaScript so Node training and in-page training produce the same pixels from the same seed. Chosen a priori from
 * how paediatric films differ between sites and machines — exposure, contrast, detector response (gamma), histogram
 * processing, positioning (small rotations, crops, zoom) — not from looking at the test films.
 */
import type { Rng } from './rng';

export interface AugmentConfig {
  /** Brightness shift, ± fraction of the range (0.1 → ±25.5 grey levels). */
  brightness: number;
  /** Contrast factor range around the mean: [1 − c, 1 + c]. */
  contrast: number;
  /** Gamma drawn log-uniformly in [1 / (1 + g), 1 + g]. */
  gamma: number;
  /** Probability of histogram equalisation (film processing that stretches the histogram). */
  equalise: number;
  /** Rotation, ± degrees. */
  rotate: number;
  /** Zoom-in: the crop side is drawn in [1 − zoom, 1] of the image, at a random position. */
  zoom: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = { brightness: 0.1, contrast: 0.25, gamma: 0.4, equalise: 0.3, rotate: 7, zoom: 0.12 };

export interface AugmentDraw {
  brightness: number;
  contrast: number;
  gamma: number;
  equalise: boolean;
  angle: number;
  cropSide: number;
  cropX: number;
  cropY: number;
}

/** Draws one augmentation's parameters (the order of draws is fixed, so a seed gives the same draw everywhere). */
export function drawAugment(config: AugmentConfig, rng: Rng): AugmentDraw {
  const symmetric = (m: number): number => (rng() * 2 - 1) * m;
  const cropSide = 1 - rng() * config.zoom;
  return {
    brightness: symmetric(config.brightness) * 255,
    contrast: 1 + symmetric(config.contrast),
    gamma: Math.exp(symmetric(Math.log(1 + config.gamma))),
    equalise: rng() < config.equalise,
    angle: (symmetric(config.rotate) * Math.PI) / 180,
    cropSide,
    cropX: rng() * (1 - cropSide),
    cropY: rng() * (1 - cropSide),
  };
}

/** Histogram equalisation of 0..255 values (256 bins), mapping each value through the cumulative histogram. */
export function equalise(values: Float32Array): Float32Array {
  const histogram = new Float64Array(256);
  for (const v of values) histogram[Math.min(255, Math.max(0, Math.round(v)))]! += 1;
  const cdf = new Float64Array(256);
  let running = 0;
  histogram.forEach((count, i) => {
    running += count;
    cdf[i] = running;
  });
  const first = cdf.find((c) => c > 0) ?? 0;
  const span = Math.max(1, values.length - first);
  return values.map((v) => (((cdf[Math.min(255, Math.max(0, Math.round(v)))] ?? 0) - first) / span) * 255);
}

/** Samples the image bilinearly at (x, y) in pixels, edge-clamped. */
function sample(image: Float32Array, size: number, x: number, y: number): number {
  const cx = Math.min(size - 1, Math.max(0, x));
  const cy = Math.min(size - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const top = (image[y0 * size + x0] as number) * (1 - fx) + (image[y0 * size + x1] as number) * fx;
  const bottom = (image[y1 * size + x0] as number) * (1 - fx) + (image[y1 * size + x1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Rotation about the crop's centre, then crop-and-zoom back to size × size. */
function geometry(image: Float32Array, size: number, draw: AugmentDraw): Float32Array {
  const out = new Float32Array(size * size);
  const side = draw.cropSide * size;
  const originX = draw.cropX * size;
  const originY = draw.cropY * size;
  const centre = size / 2;
  const cos = Math.cos(draw.angle);
  const sin = Math.sin(draw.angle);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = originX + ((x + 0.5) / size) * side - 0.5 - centre;
      const v = originY + ((y + 0.5) / size) * side - 0.5 - centre;
      out[y * size + x] = sample(image, size, cos * u - sin * v + centre, sin * u + cos * v + centre);
    }
  }
  return out;
}

/** Applies one draw to a size × size grayscale scan (0..255) and returns a new array, clipped to 0..255. */
export function applyAugment(image: Float32Array, size: number, draw: AugmentDraw): Float32Array {
  if (image.length !== size * size) throw new Error(`Expected ${size}x${size} values, got ${image.length}.`);
  const moved = geometry(image, size, draw);
  const toned = draw.equalise ? equalise(moved) : moved;
  let mean = 0;
  for (const v of toned) mean += v;
  mean /= toned.length;
  return toned.map((v) => {
    const contrasted = (v - mean) * draw.contrast + mean + draw.brightness;
    const unit = Math.min(1, Math.max(0, contrasted / 255));
    return 255 * unit ** draw.gamma;
  });
}
