/**
 * The backbone's first convolution, read from the loaded model: its filters (kernel [kh, kw, in, count]), stride
 * and padding from the layer's config, its raw responses on an input, and the layer whose output the next block
 * actually receives (after batch normalisation and the activation). Nothing here names a layer.
 */
import type * as tfc from '@tensorflow/tfjs';
import { ModelStructureError, outputShapeOf } from '../core/backbone';
import { isPadding, type Padding } from './convolution';
import type { Tf } from '../core/runtime';

export interface ConvFilters {
  layerName: string;
  kernelHeight: number;
  kernelWidth: number;
  inChannels: number;
  count: number;
  strides: [number, number];
  padding: Padding;
  /** As tfjs stores the kernel: [kh, kw, in, count], row-major. */
  weights: Float32Array;
  /** One bias per filter, or null when the layer has none (MobileNet's convolutions do not: batch norm follows). */
  bias: Float32Array | null;
}

interface ConvConfig {
  strides?: number | number[];
  padding?: string;
  useBias?: boolean;
}

const CONVOLUTIONS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']);

/** The first plain Conv2D layer of a model, found by class name. */
export function firstConvLayer(model: tfc.LayersModel): tfc.layers.Layer {
  const layer = model.layers.find((l) => l.getClassName() === 'Conv2D');
  if (!layer) throw new ModelStructureError(`${model.name} has no Conv2D layer.`);
  return layer;
}

function pair(value: number | number[] | undefined): [number, number] {
  if (value === undefined) return [1, 1];
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? 1, value[1] ?? value[0] ?? 1];
}

/** Kernel tensors of a Conv2D layer; they belong to the model (never dispose them). */
function kernelOf(layer: tfc.layers.Layer): { kernel: tfc.Tensor4D; bias: tfc.Tensor1D | null } {
  const [kernel, bias] = layer.getWeights();
  if (!kernel || kernel.rank !== 4) throw new ModelStructureError(`Layer ${layer.name} has no 4-D convolution kernel.`);
  const useBias = (layer.getConfig() as ConvConfig).useBias ?? false;
  return { kernel: kernel as tfc.Tensor4D, bias: useBias && bias ? (bias as tfc.Tensor1D) : null };
}

export async function readFilters(layer: tfc.layers.Layer): Promise<ConvFilters> {
  const config = layer.getConfig() as ConvConfig;
  const padding = config.padding ?? 'valid';
  if (!isPadding(padding))
    throw new ModelStructureError(`Layer ${layer.name} uses padding "${padding}"; only valid and same are supported.`);
  const { kernel, bias } = kernelOf(layer);
  const [kernelHeight, kernelWidth, inChannels, count] = kernel.shape;
  return {
    layerName: layer.name,
    kernelHeight,
    kernelWidth,
    inChannels,
    count,
    strides: pair(config.strides),
    padding,
    weights: (await kernel.data()) as Float32Array,
    bias: bias ? ((await bias.data()) as Float32Array) : null,
  };
}

/** Filter `index`'s weights, [kh, kw, in] row-major. */
export function filterWeights(filters: ConvFilters, index: number): number[] {
  const out: number[] = [];
  for (let i = index; i < filters.weights.length; i += filters.count) out.push(filters.weights[i] ?? 0);
  return out;
}

/** The largest |weight| of all filters: one scale for drawing them all, so their strengths can be compared. */
export function maxAbsWeight(filters: ConvFilters): number {
  let max = 0;
  for (const w of filters.weights) max = Math.max(max, Math.abs(w));
  return max;
}

/**
 * A filter as a kh × kw RGBA image: input channels 0, 1, 2 as red, green, blue; weight 0 is mid-grey, ±scale is full
 * or no intensity. Filters of a model with other than 3 input channels are drawn from the channel mean, in grey.
 */
export function filterRgba(
  filters: ConvFilters,
  index: number,
  scale = maxAbsWeight(filters),
): Uint8ClampedArray<ArrayBuffer> {
  const weights = filterWeights(filters, index);
  const cells = filters.kernelHeight * filters.kernelWidth;
  const rgba = new Uint8ClampedArray(cells * 4);
  const tone = (w: number): number => Math.round(128 + 127 * (scale > 0 ? w / scale : 0));
  for (let cell = 0; cell < cells; cell++) {
    const channels = weights.slice(cell * filters.inChannels, (cell + 1) * filters.inChannels);
    const rgb =
      filters.inChannels === 3
        ? channels
        : new Array<number>(3).fill(channels.reduce((a, b) => a + b, 0) / channels.length);
    rgba.set([tone(rgb[0] ?? 0), tone(rgb[1] ?? 0), tone(rgb[2] ?? 0), 255], cell * 4);
  }
  return rgba;
}

/**
 * The kh × kw kernel the filter amounts to on a grayscale scan copied into every channel (as the preprocessing does):
 * the sum of its channel weights at each cell.
 */
export function channelSum(filters: ConvFilters, index: number): number[] {
  const weights = filterWeights(filters, index);
  const out: number[] = [];
  for (let i = 0; i < weights.length; i += filters.inChannels) {
    out.push(weights.slice(i, i + filters.inChannels).reduce((a, b) => a + b, 0));
  }
  return out;
}

export type FilterKind = 'dead' | 'colour' | 'grey';

/** Below this share of the layer's largest weight, a filter's weights count as zero (it never learned anything). */
const DEAD_SHARE = 1e-3;
/** Below this ratio of grey-kernel to weight size, a filter's colour channels mostly cancel on a grey image. */
const COLOUR_RATIO = 0.1;

/**
 * What a filter can do on a grey scan: 'dead' (all weights ≈ 0), 'colour' (a colour-contrast detector whose channel
 * weights cancel when red = green = blue) or 'grey' (it responds to grey-level patterns).
 */
export function filterKind(filters: ConvFilters, index: number): FilterKind {
  const largest = Math.max(...filterWeights(filters, index).map(Math.abs));
  if (largest <= DEAD_SHARE * maxAbsWeight(filters)) return 'dead';
  const grey = Math.max(...channelSum(filters, index).map(Math.abs));
  return grey < COLOUR_RATIO * largest ? 'colour' : 'grey';
}

/** The layer's raw responses, tf.conv2d with its own kernel, stride and padding: [batch, oh, ow, count]. */
export function convResponses(tf: Tf, input: tfc.Tensor4D, layer: tfc.layers.Layer): tfc.Tensor4D {
  const config = layer.getConfig() as ConvConfig;
  const padding = config.padding ?? 'valid';
  if (!isPadding(padding)) throw new ModelStructureError(`Layer ${layer.name} uses padding "${padding}".`);
  const { kernel, bias } = kernelOf(layer);
  return tf.tidy(() => {
    const out = tf.conv2d(input, kernel, pair(config.strides), padding);
    return (bias ? out.add(bias) : out) as tfc.Tensor4D;
  });
}

/**
 * The last layer that still belongs to `layer`'s block: follows the chain of single successors with the same output
 * shape (batch normalisation, activation) up to the next convolution. For MobileNet v1 that is conv1 → conv1_relu.
 */
export function blockOutput(layer: tfc.layers.Layer): tfc.layers.Layer {
  const shape = JSON.stringify(outputShapeOf(layer));
  let current = layer;
  for (;;) {
    const outbound = current.outboundNodes;
    const next = outbound.length === 1 ? outbound[0]?.outboundLayer : undefined;
    if (!next || CONVOLUTIONS.has(next.getClassName()) || JSON.stringify(outputShapeOf(next)) !== shape) return current;
    current = next;
  }
}
