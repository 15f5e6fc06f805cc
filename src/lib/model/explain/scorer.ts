/**
 * What every explanation method asks of the model: the score of one class for a batch of inputs, differentiable,
 * in probability or in log-odds. The backbone is read through the one probe per model and layer (core/probe.ts),
 * pooled by the one rule (core/features.ts); the head's last dense layer is applied by hand so the log-odds come
 * from its pre-softmax values and stay finite where the probability has saturated at 1.
 */
import type * as tfc from '@tensorflow/tfjs';
import { findLayer, spatialLayers } from '../core/backbone';
import type { Classifier } from '../core/classifier';
import { poolMap, type Pooling } from '../core/features';
import type { HeadMeta } from '../core/meta';
import { probeOf } from '../core/probe';
import type { Tf } from '../core/runtime';
import { registerWasmGradients } from '../training/wasm-gradients';

/** Probability of the class, or its log-odds log(p / (1 − p)) computed from the logits. */
export type ScoreSpace = 'probability' | 'logodds';
export const SCORE_SPACES: readonly ScoreSpace[] = ['probability', 'logodds'];

/** The parts of a diagnostic model an explanation needs; `head` may be the shipped one or the reader's own. */
export interface Explainable {
  tf: Tf;
  meta: HeadMeta;
  backbone: tfc.LayersModel;
  head: tfc.LayersModel;
  /** How the head reads the backbone's map (the reader's heads read it pooled even where the shipped one does not). */
  pooling: Pooling;
}

export class ExplainError extends Error {}

/** A shipped classifier, or its backbone with another head (the reader's own, which reads the map pooled). */
export function explainableOf(
  tf: Tf,
  classifier: Classifier,
  head?: { model: tfc.LayersModel; pooling: Pooling },
): Explainable {
  return {
    tf,
    meta: classifier.meta,
    backbone: classifier.backbone,
    head: head?.model ?? classifier.head,
    pooling: head?.pooling ?? classifier.meta.feature.pooling,
  };
}

/** The head's last layer, which must be a dense softmax (every head Lightbox builds ends so). */
function lastDense(head: tfc.LayersModel): tfc.layers.Layer {
  const last = head.layers[head.layers.length - 1];
  const config = last?.getConfig() as { activation?: string } | undefined;
  if (!last || last.getClassName() !== 'Dense' || config?.activation !== 'softmax') {
    throw new ExplainError('Explanations need a head that ends in a dense softmax layer.');
  }
  return last;
}

export class Scorer {
  readonly tf: Tf;
  readonly classes: number;
  private readonly features: tfc.LayersModel;
  private readonly hidden: tfc.layers.Layer[];
  private readonly out: tfc.layers.Layer;

  constructor(readonly model: Explainable) {
    this.tf = model.tf;
    this.features = probeOf(model.tf, model.backbone, [model.meta.feature.layer]);
    this.out = lastDense(model.head);
    this.hidden = model.head.layers.slice(0, -1).filter((layer) => layer.getClassName() !== 'InputLayer');
    this.classes = model.meta.classes.length;
    // Gradients through the backbone on wasm need Lightbox's kernels (idempotent; a no-op elsewhere).
    if (this.tf.getBackend() === 'wasm') registerWasmGradients(this.tf);
  }

  get inputSize(): number {
    return this.model.meta.input.size;
  }

  /** The backbone map where the head reads it, for a preprocessed batch [n, size, size, 3]. */
  featureMap(input: tfc.Tensor4D): tfc.Tensor4D {
    return this.features.apply(input, { training: false }) as tfc.Tensor4D;
  }

  /** Pre-softmax values of the head, [n, classes], from the backbone map. */
  logitsFromMap(map: tfc.Tensor4D): tfc.Tensor2D {
    return this.tf.tidy(() => {
      let x = poolMap(map, this.model.pooling);
      for (const layer of this.hidden) x = layer.apply(x, { training: false }) as tfc.Tensor;
      const [kernel, bias] = this.out.getWeights();
      if (!kernel) throw new ExplainError('The head has no output weights.');
      const z = x.matMul(kernel as tfc.Tensor2D);
      return (bias ? z.add(bias) : z) as tfc.Tensor2D;
    });
  }

  logits(input: tfc.Tensor4D): tfc.Tensor2D {
    return this.tf.tidy(() => this.logitsFromMap(this.featureMap(input)));
  }

  /** The class's score for each image of the batch, [n]. */
  scoreFromLogits(logits: tfc.Tensor2D, target: number, space: ScoreSpace): tfc.Tensor1D {
    const tf = this.tf;
    return tf.tidy(() => {
      if (space === 'probability') return tf.softmax(logits).gather([target], 1).reshape([-1]) as tfc.Tensor1D;
      const mine = logits.gather([target], 1).reshape([-1]);
      const others = this.classes === 1 ? null : logits.gather(this.otherClasses(target), 1).logSumExp(1);
      return (others ? mine.sub(others) : mine) as tfc.Tensor1D;
    });
  }

  score(input: tfc.Tensor4D, target: number, space: ScoreSpace): tfc.Tensor1D {
    return this.tf.tidy(() => this.scoreFromLogits(this.logits(input), target, space));
  }

  /** Scores of a batch as numbers (the caller keeps ownership of `input`). */
  async scores(input: tfc.Tensor4D, target: number, space: ScoreSpace): Promise<Float32Array> {
    const scores = this.score(input, target, space);
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  checkTarget(target: number): void {
    if (!Number.isInteger(target) || target < 0 || target >= this.classes) {
      throw new ExplainError(`Class ${target} does not exist; the model has ${this.classes} classes.`);
    }
  }

  private otherClasses(target: number): number[] {
    return Array.from({ length: this.classes }, (_, i) => i).filter((i) => i !== target);
  }
}

/**
 * Layers a Grad-CAM can stop at: spatial maps up to the head's cut, where the whole network's information passes
 * through that one map (no skip connection jumps over it), so the gradient there is the whole gradient.
 */
export function camLayers(model: Explainable): string[] {
  const layers = model.backbone.layers;
  const cut = layers.indexOf(findLayer(model.backbone, model.meta.feature.layer));
  const index = new Map(layers.map((layer, i) => [layer, i]));
  const earliestInput = layers.map((layer) =>
    Math.min(...(layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => index.get(l) ?? 0), Infinity),
  );
  const spatial = new Set(spatialLayers(model.backbone));
  return layers
    .map((layer, i) => ({ layer, i }))
    .filter(({ layer, i }) => i > 0 && i <= cut && spatial.has(layer) && /relu|add/i.test(layer.name))
    .filter(({ i }) => earliestInput.slice(i + 1, cut + 1).every((from) => from >= i))
    .map(({ layer }) => layer.name);
}
