/**
 * How many numbers a layer must learn when it looks at a whole scan: a fully connected (dense) layer versus a
 * convolution, counted on real tfjs layers. The convolution is built at full size (its weights are few). The dense
 * layer is not: on a 224 × 224 × 3 scan it would allocate hundreds of megabytes, so its count comes from the layer's
 * own output shape and the dense formula, and that formula is checked against countParams() of the same kind of
 * layer built on a thumbnail.
 */
import type { Tf } from '../core/runtime';

/** Height, width, channels. */
export type ImageShape = readonly [number, number, number];

class ParameterCountError extends Error {}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new ParameterCountError(`${name} must be a whole number ≥ 1, got ${value}.`);
}

export interface DenseCount {
  inputs: number;
  units: number;
  /** inputs × units weights + units biases. */
  params: number;
  /** How many numbers each output unit reads. */
  connectionsPerOutput: number;
}

/** inputs × units + units: what countParams() reports for a Dense layer with a bias. */
export function denseFormula(inputs: number, units: number): number {
  return inputs * units + units;
}

/**
 * A Dense layer on the flattened image, counted without allocating it: the layer (unbuilt) reports its output
 * shape, and the weights follow the dense formula.
 */
export function denseCount(tf: Tf, shape: ImageShape, units: number): DenseCount {
  checkCount('The number of units', units);
  shape.forEach((d) => checkCount('Every image dimension', d));
  const inputs = shape[0] * shape[1] * shape[2];
  const layer = tf.layers.dense({ units });
  const out = layer.computeOutputShape([null, inputs]) as (number | null)[];
  const outUnits = out[out.length - 1] ?? units;
  return { inputs, units: outUnits, params: denseFormula(inputs, outUnits), connectionsPerOutput: inputs };
}

/** countParams() of a real, built Dense layer on a flattened image (use a small image). */
export function measureDense(tf: Tf, shape: ImageShape, units: number): number {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [...shape] }), tf.layers.dense({ units, kernelInitializer: 'zeros' })],
  });
  try {
    return model.countParams();
  } finally {
    model.dispose();
  }
}

export interface ConvCount {
  filters: number;
  kernel: number;
  /** countParams() of the built layer: kernel × kernel × channels × filters weights + filters biases. */
  params: number;
  /** The layer's output shape without the batch: [h, w, filters]. */
  outputShape: [number, number, number];
  /** How many numbers each output value reads: kernel × kernel × channels. */
  connectionsPerOutput: number;
  /** The same connections with no weight sharing (a separate kernel and bias at every output position). */
  unsharedParams: number;
}

/** A real Conv2D layer ('same' padding, stride 1) built on the full image, counted by tfjs. */
export function convCount(tf: Tf, shape: ImageShape, filters: number, kernel: number): ConvCount {
  checkCount('The number of filters', filters);
  checkCount('The kernel size', kernel);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [...shape],
        filters,
        kernelSize: kernel,
        padding: 'same',
        kernelInitializer: 'zeros',
      }),
    ],
  });
  try {
    const [, h = 0, w = 0, c = 0] = model.outputs[0]?.shape ?? [];
    const connectionsPerOutput = kernel * kernel * shape[2];
    return {
      filters,
      kernel,
      params: model.countParams(),
      outputShape: [h ?? 0, w ?? 0, c ?? 0],
      connectionsPerOutput,
      unsharedParams: (h ?? 0) * (w ?? 0) * (c ?? 0) * (connectionsPerOutput + 1),
    };
  } finally {
    model.dispose();
  }
}

/** Bytes to hold `params` float32 numbers. */
export function float32Bytes(params: number): number {
  return params * 4;
}
