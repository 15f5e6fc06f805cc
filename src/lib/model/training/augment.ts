/**
 * Augmentation against acquisition shift, on the preprocessed grayscale scan (size × size, 0..255), in plain
 * JavaScript so Node training and in-page training produce the same pixels from the same seed. Chosen a priori from
 * how paediatric films differ between sites and machines — exposure, contrast, detector response (gamma), histogram
 * processing, positioning (small rotations, crops, zoom) — not from looking at the test films.
 */
import { createRng, type Rng } from '../core/rng';

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
  /** Gaussian blur (detector and processing sharpness): sigma drawn in [0, blur] pixels; absent or 0 for none. */
  blur?: number;
  /** Additive Gaussian noise (quantum mottle): its standard deviation drawn in [0, noise] of the range. */
  noise?: number;
}

export const DEFAULT_AUGMENT: AugmentConfig = {
  brightness: 0.1,
  contrast: 0.25,
  gamma: 0.4,
  equalise: 0.3,
  rotate: 7,
  zoom: 0.12,
};

export interface AugmentDraw {
  brightness: number;
  contrast: number;
  gamma: number;
  equalise: boolean;
  angle: number;
  cropSide: number;
  cropX: number;
  cropY: number;
  /** Blur sigma in pixels (0 or absent: none). */
  blurSigma?: number;
  /** Noise standard deviation in grey levels (0 or absent: none), and the seed of its pixel draws. */
  noiseStd?: number;
  noiseSeed?: number;
}

/**
 * Draws one augmentation's parameters (the order of draws is fixed, so a seed gives the same draw everywhere).
 * Blur and noise are drawn after the older fields, so a config without them draws exactly what it drew before.
 */
export function drawAugment(config: AugmentConfig, rng: Rng): AugmentDraw {
  const symmetric = (m: number): number => (rng() * 2 - 1) * m;
  const cropSide = 1 - rng() * config.zoom;
  const draw = {
    brightness: symmetric(config.brightness) * 255,
    contrast: 1 + symmetric(config.contrast),
    gamma: Math.exp(symmetric(Math.log(1 + config.gamma))),
    equalise: rng() < config.equalise,
    angle: (symmetric(config.rotate) * Math.PI) / 180,
    cropSide,
    cropX: rng() * (1 - cropSide),
    cropY: rng() * (1 - cropSide),
  };
  const blurSigma = config.blur ? rng() * config.blur : 0;
  const noiseStd = config.noise ? rng() * config.noise * 255 : 0;
  const noiseSeed = config.noise ? Math.floor(rng() * 2 ** 32) : 0;
  return { ...draw, blurSigma, noiseStd, noiseSeed };
}

/** A normalised 1-D Gaussian kernel of radius ceil(3 sigma). */
function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return kernel.map((k) => k / sum);
}

/** Separable Gaussian blur of a size × size image, edges clamped. */
function gaussianBlur(image: Float32Array, size: number, sigma: number): Float32Array {
  if (sigma <= 0.05) return image;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const pass = (source: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(source.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + k)) : x;
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + k));
          acc += (source[yy * size + xx] as number) * (kernel[k + radius] as number);
        }
        out[y * size + x] = acc;
      }
    }
    return out;
  };
  return pass(pass(image, true), false);
}

/** Adds seeded Gaussian noise (Box–Muller) of the given standard deviation, in place. */
function addNoise(image: Float32Array, std: number, seed: number): Float32Array {
  if (std <= 0) return image;
  const rng = createRng(seed);
  for (let i = 0; i < image.length; i++) {
    const u = Math.max(1e-12, rng());
    image[i] = (image[i] as number) + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  }
  return image;
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
  const moved = gaussianBlur(geometry(image, size, draw), size, draw.blurSigma ?? 0);
  const toned = draw.equalise ? equalise(moved) : moved;
  let mean = 0;
  for (const v of toned) mean += v;
  mean /= toned.length;
  const noisy = addNoise(toned, draw.noiseStd ?? 0, draw.noiseSeed ?? 0);
  return noisy.map((v) => {
    const contrasted = (v - mean) * draw.contrast + mean + draw.brightness;
    const unit = Math.min(1, Math.max(0, contrasted / 255));
    return 255 * unit ** draw.gamma;
  });
}
