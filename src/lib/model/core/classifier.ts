/**
 * The full diagnostic model: an ImageNet backbone (optionally with Lightbox's fine-tuned layers swapped in), cut
 * where meta.json says, and the trained head. The widgets and the scripts see only this; a fine-tuned backbone
 * replaces the frozen one here, without touching them. A scan goes through the backbone once: `readout` returns the
 * head's probabilities and the pooled feature vector from the same pass.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, loadBackbone, truncate } from './backbone';
import { FeatureExtractor, poolMap } from './features';
import type { HeadMeta } from './meta';
import { toInputTensor, type RawImage } from './preprocess';
import { probeOf } from './probe';
import type { Tf } from './runtime';

export interface ClassifierSources {
  backbone: string | tfc.io.IOHandler;
  head: string | tfc.io.IOHandler;
  /** Lightbox's fine-tuned backbone layers, when meta.finetunedBackbone is set. */
  finetuned?: string | tfc.io.IOHandler;
}

export interface LayerActivation {
  name: string;
  /** [h, w, c] for spatial layers, [c] for vectors. */
  shape: number[];
  data: Float32Array;
}

/** Probabilities and the position-averaged feature vector of one scan, from one backbone pass. */
export interface Readout {
  probabilities: Float32Array;
  pooled: Float32Array;
}

/** Copies weights layer by layer (matched by name) from a fine-tuned model into the backbone. */
export function applyFinetunedWeights(backbone: tfc.LayersModel, finetuned: tfc.LayersModel): string[] {
  const replaced: string[] = [];
  for (const layer of finetuned.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    findLayer(backbone, layer.name).setWeights(weights);
    replaced.push(layer.name);
  }
  return replaced;
}

const handler = (tf: Tf, source: string | tfc.io.IOHandler): tfc.io.IOHandler =>
  typeof source === 'string' ? tf.io.http(source) : source;

export class Classifier {
  readonly extractor: FeatureExtractor;

  constructor(
    private readonly tf: Tf,
    readonly meta: HeadMeta,
    readonly backbone: tfc.LayersModel,
    readonly head: tfc.LayersModel,
  ) {
    this.extractor = new FeatureExtractor(tf, truncate(tf, backbone, meta.feature.layer), meta.feature, backbone);
  }

  /** The backbone cut where the head reads it (shares the backbone's weights). */
  get features(): tfc.LayersModel {
    return this.extractor.model;
  }

  static async load(tf: Tf, meta: HeadMeta, sources: ClassifierSources): Promise<Classifier> {
    const backbone = await loadBackbone(tf, sources.backbone, meta.input.size);
    try {
      if (meta.finetunedBackbone) {
        if (!sources.finetuned) {
          throw new Error(
            `The ${meta.task} head needs its fine-tuned backbone layers (${meta.finetunedBackbone.path}).`,
          );
        }
        const tuned = await tf.loadLayersModel(handler(tf, sources.finetuned));
        applyFinetunedWeights(backbone, tuned);
        tuned.dispose();
      }
      const head = await tf.loadLayersModel(handler(tf, sources.head));
      return new Classifier(tf, meta, backbone, head);
    } catch (error) {
      backbone.dispose(); // a failed load must not leave the backbone's weights allocated
      throw error;
    }
  }

  /** Class probabilities from the head's input features (pooled as meta.feature says); the caller owns the result. */
  headFromFeatures(features: tfc.Tensor): tfc.Tensor2D {
    return this.head.predict(features) as tfc.Tensor2D;
  }

  /** Class probabilities from a preprocessed batch; the caller owns the returned tensor. */
  probabilitiesFromInput(input: tfc.Tensor4D): tfc.Tensor2D {
    return this.tf.tidy(() => this.headFromFeatures(this.extractor.apply(input)));
  }

  async predict(image: RawImage): Promise<Float32Array> {
    return (await this.readout(image)).probabilities;
  }

  /** One backbone pass: the head's probabilities and the map averaged over positions (what a linear head reads). */
  async readout(image: RawImage): Promise<Readout> {
    const [probabilities, pooled] = this.tf.tidy(() => {
      const map = this.features.predict(toInputTensor(this.tf, image, this.meta.input)) as tfc.Tensor4D;
      return [this.headFromFeatures(poolMap(map, this.meta.feature.pooling)), poolMap(map, 'gap')];
    });
    try {
      return {
        probabilities: (await probabilities.data()) as Float32Array,
        pooled: (await pooled.data()) as Float32Array,
      };
    } finally {
      this.tf.dispose([probabilities, pooled]);
    }
  }

  /** A warm-up pass (shader compilation, buffer allocation) so the reader's first click is not the slow one. */
  async warmUp(): Promise<void> {
    const size = this.meta.input.size;
    const out = this.tf.tidy(() => this.probabilitiesFromInput(this.tf.zeros([1, size, size, 3])));
    await out.data();
    out.dispose();
  }

  /** Outputs of the named backbone layers for one image (through the one probe per model and names). */
  async activations(image: RawImage, layerNames: readonly string[]): Promise<LayerActivation[]> {
    const probe = probeOf(this.tf, this.backbone, layerNames);
    const tensors = this.tf.tidy(() => {
      const result = probe.predict(toInputTensor(this.tf, image, this.meta.input));
      return Array.isArray(result) ? result : [result];
    });
    try {
      return await Promise.all(
        tensors.map(async (tensor, i) => ({
          name: layerNames[i] ?? '',
          shape: tensor.shape.slice(1),
          data: (await tensor.data()) as Float32Array,
        })),
      );
    } finally {
      this.tf.dispose(tensors);
    }
  }

  dispose(): void {
    // Probe models and the cut share the backbone's layers; disposing the backbone frees their weights.
    this.extractor.dispose();
    this.head.dispose();
  }
}
