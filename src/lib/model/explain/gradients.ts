/**
 * Gradient explanations of one class's score on one scan: vanilla gradient saliency (Simonyan et al. 2014),
 * SmoothGrad (Smilkov et al. 2017), Integrated Gradients with its completeness check (Sundararajan et al. 2017) and
 * Grad-CAM at a chosen layer (Selvaraju et al. 2017). Maps are per input pixel, in the gray units (0..255) the scan
 * arrives in: the three input channels carry the same gray, so a pixel's gradient is the sum over them.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer } from '../core/backbone';
import { probeOf } from '../core/probe';
import { createRng } from '../core/rng';
import { checkpoint, type Cancellable, type ExplanationMap } from './maps';
import { camLayers, ExplainError, type Scorer, type ScoreSpace } from './scorer';

export interface GradientOptions extends Cancellable {
  target: number;
  space: ScoreSpace;
}

const CHUNK = 8;

/** d score / d gray for each image of a gray batch [n, size, size], as [n, size, size]. */
function grayGradients(scorer: Scorer, gray: tfc.Tensor3D, options: GradientOptions): tfc.Tensor3D {
  const { tf } = scorer;
  const { scale, offset } = scorer.model.meta.input;
  return tf.tidy(() => {
    const input = gray.mul(scale).add(offset).expandDims(-1).tile([1, 1, 1, 3]) as tfc.Tensor4D;
    const grad = tf.grad((x: tfc.Tensor) => scorer.score(x as tfc.Tensor4D, options.target, options.space).sum())(
      input,
    );
    return grad.sum(-1).mul(scale) as tfc.Tensor3D;
  });
}

/** The mean gradient over many gray images (made chunk by chunk by `images(from, to)`), as one map. */
async function meanGradient(
  scorer: Scorer,
  count: number,
  images: (from: number, to: number) => tfc.Tensor3D,
  options: GradientOptions,
  weights?: readonly number[],
): Promise<Float32Array> {
  const { tf } = scorer;
  const size = scorer.inputSize;
  const total = new Float32Array(size * size);
  for (let from = 0; from < count; from += CHUNK) {
    await checkpoint(options);
    const to = Math.min(count, from + CHUNK);
    const w = weights ? weights.slice(from, to) : Array<number>(to - from).fill(1 / count);
    const summed = tf.tidy(() => {
      const grads = grayGradients(scorer, images(from, to), options);
      return grads.mul(tf.tensor1d(w).reshape([-1, 1, 1])).sum(0);
    });
    const values = (await summed.data()) as Float32Array;
    summed.dispose();
    for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) + (values[i] as number);
  }
  return total;
}

const asMap = (scorer: Scorer, values: Float32Array): ExplanationMap => ({
  width: scorer.inputSize,
  height: scorer.inputSize,
  values,
});

function grayBatch(scorer: Scorer, gray: Float32Array, count: number): tfc.Tensor3D {
  const size = scorer.inputSize;
  return scorer.tf.tidy(() => scorer.tf.tensor3d(gray, [1, size, size]).tile([count, 1, 1]) as tfc.Tensor3D);
}

/** Vanilla gradient: how fast the score changes with each pixel's brightness. */
export async function saliency(scorer: Scorer, gray: Float32Array, options: GradientOptions): Promise<ExplanationMap> {
  scorer.checkTarget(options.target);
  return asMap(scorer, await meanGradient(scorer, 1, () => grayBatch(scorer, gray, 1), options));
}

export interface SmoothGradOptions extends GradientOptions {
  /** Noise standard deviation as a share of the input range 0..255 (default 0.15). */
  noise?: number;
  samples?: number;
  seed?: number;
}

/** The gradient averaged over noisy copies of the scan (Gaussian noise, seeded). */
export async function smoothGrad(
  scorer: Scorer,
  gray: Float32Array,
  options: SmoothGradOptions,
): Promise<ExplanationMap> {
  scorer.checkTarget(options.target);
  const samples = options.samples ?? 25;
  const sigma = (options.noise ?? 0.15) * 255;
  const rng = createRng(options.seed ?? 1);
  const size = scorer.inputSize;
  const noisy = (from: number, to: number): tfc.Tensor3D => {
    const values = new Float32Array((to - from) * gray.length);
    for (let i = 0; i < values.length; i++) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      values[i] = (gray[i % gray.length] as number) + sigma * gaussian;
    }
    return scorer.tf.tensor3d(values, [to - from, size, size]);
  };
  return asMap(scorer, await meanGradient(scorer, samples, noisy, options));
}

export interface IntegratedGradientsOptions extends GradientOptions {
  steps?: number;
  /** The baseline image's gray value (default 0, black). */
  baseline?: number;
}

export interface IntegratedGradientsResult {
  map: ExplanationMap;
  /** Σ attributions, and what completeness says it must equal: f(x) − f(baseline). */
  sum: number;
  delta: number;
  /** |sum − delta| / |delta|. */
  completenessError: number;
}

/** (x − x′) times the path-averaged gradient (trapezoid rule over `steps` intervals). */
export async function integratedGradients(
  scorer: Scorer,
  gray: Float32Array,
  options: IntegratedGradientsOptions,
): Promise<IntegratedGradientsResult> {
  scorer.checkTarget(options.target);
  const { tf } = scorer;
  const steps = options.steps ?? 32;
  const baseline = options.baseline ?? 0;
  const size = scorer.inputSize;
  const alphas = Array.from({ length: steps + 1 }, (_, k) => k / steps);
  const weights = alphas.map((_, k) => (k === 0 || k === steps ? 0.5 : 1) / steps);
  const path = (from: number, to: number): tfc.Tensor3D =>
    tf.tidy(() => {
      const a = tf.tensor1d(alphas.slice(from, to)).reshape([-1, 1, 1]);
      return tf.tensor3d(gray, [1, size, size]).sub(baseline).mul(a).add(baseline) as tfc.Tensor3D;
    });
  const mean = await meanGradient(scorer, steps + 1, path, options, weights);
  const values = mean.map((g, i) => g * ((gray[i] as number) - baseline));
  const ends = tf.tidy(() => {
    const images = path(0, 1).concat(path(steps, steps + 1));
    const input = images
      .mul(scorer.model.meta.input.scale)
      .add(scorer.model.meta.input.offset)
      .expandDims(-1)
      .tile([1, 1, 1, 3]);
    return scorer.score(input as tfc.Tensor4D, options.target, options.space);
  });
  const [atBaseline, atScan] = Array.from((await ends.data()) as Float32Array);
  ends.dispose();
  const sum = values.reduce((a, b) => a + b, 0);
  const delta = (atScan as number) - (atBaseline as number);
  return { map: asMap(scorer, values), sum, delta, completenessError: Math.abs(sum - delta) / Math.abs(delta) };
}

export interface GradCamOptions extends GradientOptions {
  /** Defaults to the map the head reads (the last convolutional map). */
  layer?: string;
}

export interface GradCamResult {
  map: ExplanationMap;
  layer: string;
  /** The map at the layer's own resolution, before upsampling. */
  coarse: ExplanationMap;
}

/** The model from `layer`'s map to the class scores, layer by layer (the layer must be one of camLayers). */
function upperScore(scorer: Scorer, layer: string, options: GradientOptions): (map: tfc.Tensor) => tfc.Tensor {
  const backbone = scorer.model.backbone;
  const layers = backbone.layers;
  const from = layers.indexOf(findLayer(backbone, layer));
  const to = layers.indexOf(findLayer(backbone, scorer.model.meta.feature.layer));
  return (map) => {
    const values = new Map<tfc.layers.Layer, tfc.Tensor>([[layers[from]!, map]]);
    for (const next of layers.slice(from + 1, to + 1)) {
      const inputs = (next.inboundNodes[0]?.inboundLayers ?? []).map((l) => values.get(l)!);
      values.set(next, next.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as tfc.Tensor);
    }
    const top = values.get(layers[to]!) as tfc.Tensor4D;
    return scorer.scoreFromLogits(scorer.logitsFromMap(top), options.target, options.space).sum();
  };
}

/** ReLU(Σ_k α_k A_k) with α_k the spatial mean of ∂score/∂A_k, upsampled to the input (bilinear). */
export async function gradCam(scorer: Scorer, gray: Float32Array, options: GradCamOptions): Promise<GradCamResult> {
  scorer.checkTarget(options.target);
  const layer = options.layer ?? scorer.model.meta.feature.layer;
  if (!camLayers(scorer.model).includes(layer))
    throw new ExplainError(`Grad-CAM cannot stop at ${layer}; choose one of: ${camLayers(scorer.model).join(', ')}.`);
  await checkpoint(options);
  const { tf } = scorer;
  const size = scorer.inputSize;
  const { scale, offset } = scorer.model.meta.input;
  const [coarse, fine] = tf.tidy(() => {
    const input = tf.tensor3d(gray, [1, size, size]).mul(scale).add(offset).expandDims(-1).tile([1, 1, 1, 3]);
    const map = probeOf(tf, scorer.model.backbone, [layer]).apply(input, { training: false }) as tfc.Tensor4D;
    const grads = tf.grad(upperScore(scorer, layer, options))(map);
    const cam = tf.relu(map.mul(grads.mean([1, 2], true)).sum(-1, true)) as tfc.Tensor4D;
    return [cam.squeeze([0, 3]), tf.image.resizeBilinear(cam, [size, size], false, true).reshape([size, size])];
  });
  const [low, high] = await Promise.all([coarse.data(), fine.data()]);
  tf.dispose([coarse, fine]);
  const [h, w] = coarse.shape as [number, number];
  return {
    layer,
    coarse: { width: w, height: h, values: low as Float32Array },
    map: asMap(scorer, high as Float32Array),
  };
}
