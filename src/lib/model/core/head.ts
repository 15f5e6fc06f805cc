/**
 * Classifier heads: small tfjs LayersModels that read a backbone's features (a pooled vector or a spatial map) and
 * output class probabilities. Built seeded, so the same config and seed give the same initial weights.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Tf } from './runtime';

type HeadKind = 'linear' | 'dense' | 'conv';

export interface HeadConfig {
  kind: HeadKind;
  /** Hidden units (dense) or 1x1 filters (conv). */
  hidden: number;
  dropout: number;
  /** L2 penalty on the kernels. */
  l2: number;
}

export class HeadConfigError extends Error {}

/**
 * Builds a head for features of `featureShape` ([c] pooled, [h, w, c] spatial). A spatial input is pooled inside
 * the head (after a 1x1 convolution for `conv`), so a head always ends in softmax over `classes`.
 */
export function buildHead(
  tf: Tf,
  featureShape: readonly number[],
  classes: number,
  config: HeadConfig,
  seed: number,
): tfc.Sequential {
  if (classes < 2) throw new HeadConfigError(`A classifier needs at least 2 classes, got ${classes}.`);
  const spatial = featureShape.length === 3;
  if (config.kind === 'conv' && !spatial) {
    throw new HeadConfigError('A conv head needs spatial features [h, w, c]; use pooling "none".');
  }
  const regularizer = config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined;
  const init = (offset: number): ReturnType<Tf['initializers']['glorotUniform']> =>
    tf.initializers.glorotUniform({ seed: seed + offset });
  const model = tf.sequential({ name: `head_${config.kind}` });
  model.add(tf.layers.inputLayer({ inputShape: [...featureShape], name: 'features' }));
  if (config.kind === 'conv') {
    model.add(
      tf.layers.conv2d({
        filters: config.hidden,
        kernelSize: 1,
        activation: 'relu',
        kernelInitializer: init(1),
        kernelRegularizer: regularizer,
        name: 'head_conv1x1',
      }),
    );
  }
  if (spatial) model.add(tf.layers.globalAveragePooling2d({ name: 'head_pool' }));
  if (config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout, seed: seed + 2, name: 'head_dropout' }));
  if (config.kind === 'dense') {
    model.add(
      tf.layers.dense({
        units: config.hidden,
        activation: 'relu',
        kernelInitializer: init(3),
        kernelRegularizer: regularizer,
        name: 'head_hidden',
      }),
    );
  }
  model.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: init(4),
      kernelRegularizer: regularizer,
      name: 'head_out',
    }),
  );
  return model;
}

/** Weights as plain arrays, so the best epoch can be restored without keeping extra tensors alive. */
export async function snapshotWeights(model: tfc.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

export function restoreWeights(tf: Tf, model: tfc.LayersModel, snapshot: readonly Float32Array[]): void {
  const current = model.getWeights();
  const tensors = current.map((w, i) => tf.tensor(snapshot[i] as Float32Array, w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** Class probabilities for many flattened features, in chunks (bounded memory), as plain arrays. */
export async function predictFeatures(
  tf: Tf,
  head: tfc.LayersModel,
  features: readonly Float32Array[],
  shape: readonly number[],
  chunk = 256,
): Promise<Float32Array[]> {
  const size = shape.reduce((a, b) => a * b, 1);
  const out: Float32Array[] = [];
  for (let start = 0; start < features.length; start += chunk) {
    const part = features.slice(start, start + chunk);
    const flat = new Float32Array(part.length * size);
    part.forEach((f, i) => flat.set(f, i * size));
    const probabilities = tf.tidy(() => head.predict(tf.tensor(flat, [part.length, ...shape])) as tfc.Tensor);
    const values = (await probabilities.data()) as Float32Array;
    const classes = probabilities.shape[1] ?? 0;
    probabilities.dispose();
    part.forEach((_, i) => out.push(values.slice(i * classes, (i + 1) * classes)));
  }
  return out;
}
