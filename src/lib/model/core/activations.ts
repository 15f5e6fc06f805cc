/**
 * What an activation browser needs from a model and its outputs: the layers worth browsing (every layer with a
 * spatial map, from the first after the input to the one feeding the head, read from the model) and summary
 * statistics of a layer's output.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, spatialLayers } from './backbone';
import { valueStats, type ValueStats } from './grid';

/** Summary statistics of a layer's output (count, min, max, mean, sum, zero share). */
export type ActivationStats = ValueStats;

export const activationStats = valueStats;

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
