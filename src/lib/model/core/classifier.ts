/**
 * The full diagnostic model: an ImageNet backbone (optionally with Lightbox's fine-tuned layers swapped in), cut
 * where meta.json says, and the trained head. The widgets and the scripts see only this; a fine-tuned backbone
 * replaces the frozen one here, without touching them.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, loadBackbone, truncate } from './backbone';
import type { HeadMeta } from './meta';
import { toInputTensor, type RawImage } from './preprocess';
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

export class Classifier {
  private readonly probes = new Map<string, tfc.LayersModel>();

  constructor(
    private readonly tf: Tf,
    readonly meta: HeadMeta,
    readonly backbone: tfc.LayersModel,
    readonly features: tfc.LayersModel,
    readonly head: tfc.LayersModel,
  ) {}

  static async load(tf: Tf, meta: HeadMeta, sources: ClassifierSources): Promise<Classifier> {
    const backbone = await loadBackbone(tf, sources.backbone, meta.input.size);
    if (meta.finetunedBackbone) {
      if (!sources.finetuned)
        throw new Error(`The ${meta.task} head needs its fine-tuned backbone layers (${meta.finetunedBackbone.path}).`);
      const tuned = await tf.loadLayersModel(
        typeof sources.finetuned === 'string' ? tf.io.http(sources.finetuned) : sources.finetuned,
      );
      applyFinetunedWeights(backbone, tuned);
      tuned.dispose();
    }
    const head = await tf.loadLayersModel(typeof sources.head === 'string' ? tf.io.http(sources.head) : sources.head);
    return new Classifier(tf, meta, backbone, truncate(tf, backbone, meta.feature.layer), head);
  }

  /** Class probabilities from a preprocessed batch; the caller owns the returned tensor. */
  probabilitiesFromInput(input: tfc.Tensor4D): tfc.Tensor2D {
    return this.tf.tidy(() => {
      const map = this.features.predict(input) as tfc.Tensor4D;
      const feature = this.meta.feature.pooling === 'gap' ? map.mean([1, 2]) : map;
      return this.head.predict(feature) as tfc.Tensor2D;
    });
  }

  async predict(image: RawImage): Promise<Float32Array> {
    const probabilities = this.tf.tidy(() =>
      this.probabilitiesFromInput(toInputTensor(this.tf, image, this.meta.input)),
    );
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    return values;
  }

  /** A warm-up pass (shader compilation, buffer allocation) so the reader's first click is not the slow one. */
  async warmUp(): Promise<void> {
    const size = this.meta.input.size;
    const out = this.tf.tidy(() => this.probabilitiesFromInput(this.tf.zeros([1, size, size, 3])));
    await out.data();
    out.dispose();
  }

  /** Outputs of the named backbone layers for one image (a probe model per set of names, built once). */
  async activations(image: RawImage, layerNames: readonly string[]): Promise<LayerActivation[]> {
    const key = layerNames.join('|');
    let probe = this.probes.get(key);
    if (!probe) {
      const outputs = layerNames.map((name) => findLayer(this.backbone, name).output as tfc.SymbolicTensor);
      probe = this.tf.model({ inputs: this.backbone.inputs, outputs });
      this.probes.set(key, probe);
    }
    const model = probe;
    const tensors = this.tf.tidy(() => {
      const result = model.predict(toInputTensor(this.tf, image, this.meta.input));
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
    this.probes.clear();
    this.backbone.dispose();
    this.head.dispose();
  }
}
