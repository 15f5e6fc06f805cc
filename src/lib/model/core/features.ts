/**
 * Feature extraction: a frozen backbone cut at a named layer, optionally globally average-pooled. Embeddings leave
 * as Float32Arrays (not tensors), so caches and head training hold no GPU memory.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, loadBackbone, truncate } from './backbone';
import { toInputBatch, type InputSpec, type RawImage } from './preprocess';
import type { Tf } from './runtime';

export type Pooling = 'gap' | 'none';

export interface FeatureSpec {
  backbone: string;
  layer: string;
  inputSize: number;
  pooling: Pooling;
}

/** A stable name for a feature space: the cache key besides each image's hash. */
export function featureKey(spec: FeatureSpec): string {
  return `${spec.backbone}@${spec.layer}@${spec.inputSize}@${spec.pooling}`;
}

export function inputSpecFor(spec: FeatureSpec): InputSpec {
  return { ...backboneInfo(spec.backbone).input, size: spec.inputSize };
}

/** The one pooling rule of the library: a [n, h, w, c] map averaged over positions ('gap') or kept ('none'). */
export function poolMap(map: tfc.Tensor4D, pooling: Pooling): tfc.Tensor {
  return pooling === 'gap' ? map.mean([1, 2]) : map;
}

/**
 * The one path from pixels to features: a backbone cut at a named layer, pooled as its spec says. The classifier,
 * the embedding CLIs and the reader's head all read features through it.
 */
export class FeatureExtractor {
  readonly input: InputSpec;
  /** Shape of one embedding: [c] pooled, [h, w, c] unpooled. */
  readonly shape: number[];

  /** `owner` is the full model the cut shares its layers with; disposing it frees every weight of both. */
  constructor(
    private readonly tf: Tf,
    readonly model: tfc.LayersModel,
    readonly spec: FeatureSpec,
    private readonly owner: tfc.LayersModel | null = null,
  ) {
    this.input = inputSpecFor(spec);
    const mapShape = (model.outputs[0]?.shape ?? []).slice(1) as number[];
    this.shape = spec.pooling === 'gap' ? mapShape.slice(-1) : mapShape;
  }

  /** The backbone's output for a preprocessed batch (pooled when the spec says so); caller disposes. */
  apply(batch: tfc.Tensor4D): tfc.Tensor {
    return this.tf.tidy(() => poolMap(this.model.predict(batch) as tfc.Tensor4D, this.spec.pooling));
  }

  async embed(images: readonly RawImage[]): Promise<Float32Array[]> {
    const output = this.tf.tidy(() => this.apply(toInputBatch(this.tf, images, this.input)));
    const flat = (await output.data()) as Float32Array;
    output.dispose();
    const size = this.shape.reduce((a, b) => a * b, 1);
    return images.map((_, i) => flat.slice(i * size, (i + 1) * size));
  }

  dispose(): void {
    (this.owner ?? this.model).dispose();
  }
}

/** Loads the backbone from `source` at the spec's input size and cuts it at the spec's layer. */
export async function loadFeatureExtractor(
  tf: Tf,
  source: string | tfc.io.IOHandler,
  spec: FeatureSpec,
): Promise<FeatureExtractor> {
  const full = await loadBackbone(tf, source, spec.inputSize);
  try {
    return new FeatureExtractor(tf, truncate(tf, full, spec.layer), spec, full);
  } catch (error) {
    full.dispose(); // an unknown layer must not leave the backbone's weights allocated
    throw error;
  }
}
