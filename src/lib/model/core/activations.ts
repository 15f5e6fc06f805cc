/**
 * What an activation browser needs from a model and its outputs: the layers worth browsing (every layer with a
 * spatial map, from the first after the input to the one feeding the head, read from the model) and summary
 * statistics of a layer's output.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, spatialLayers } from './backbone';

export interface ActivationStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Share of values that are exactly 0: after a ReLU, the units that stayed silent. */
  zeroFraction: number;
}

export function activationStats(values: ArrayLike<number>): ActivationStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const count = values.length;
  if (count === 0) return { count, min: 0, max: 0, mean: 0, zeroFraction: 0 };
  return { count, min, max, mean: sum / count, zeroFraction: zeros / count };
}

/**
 * The layers whose maps a reader can browse: every layer with a [h, w, c] output after the input layer, in model
 * order, up to and including `lastLayer` (the layer feeding the head). Unknown names throw, listing the choices.
 */
export function browsableLayers(model: tfc.LayersModel, lastLayer: string): tfc.layers.Layer[] {
  const last = model.layers.indexOf(findLayer(model, lastLayer));
  return spatialLayers(model).filter((layer) => {
    const index = model.layers.indexOf(layer);
    return index <= last && layer.getClassName() !== 'InputLayer';
  });
}

/** Sum of one channel of an [h, w, c] activation: a compact fingerprint for comparing two computations. */
export function channelSum(data: ArrayLike<number>, channels: number, channel: number): number {
  let sum = 0;
  for (let i = channel; i < data.length; i += channels) sum += data[i] as number;
  return sum;
}

/** The channel whose values spread most (largest standard deviation) — a telling first channel to show. */
export function liveliestChannel(data: ArrayLike<number>, channels: number): number {
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    const c = i % channels;
    sum[c] = (sum[c] as number) + v;
    squares[c] = (squares[c] as number) + v * v;
  }
  const n = data.length / channels || 1;
  let best = 0;
  let bestSpread = -1;
  for (let c = 0; c < channels; c++) {
    const mean = (sum[c] as number) / n;
    const spread = (squares[c] as number) / n - mean * mean;
    if (spread > bestSpread) {
      best = c;
      bestSpread = spread;
    }
  }
  return best;
}
