/**
 * The explanation methods by name, with one settings object: what the CLI, the widget and the sanity checks call,
 * so each computes a map exactly the same way.
 */
import { gradCam, integratedGradients, saliency, smoothGrad } from './gradients';
import type { Cancellable, ExplanationMap } from './maps';
import { occlusion, type Fill, type OcclusionResult } from './occlusion';
import type { Scorer, ScoreSpace } from './scorer';

export const METHODS = ['occlusion', 'gradcam', 'saliency', 'smoothgrad', 'ig'] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_NAMES: Record<Method, string> = {
  occlusion: 'Occlusion',
  gradcam: 'Grad-CAM',
  saliency: 'Gradient saliency',
  smoothgrad: 'SmoothGrad',
  ig: 'Integrated Gradients',
};

export interface ExplainSettings {
  target: number;
  space: ScoreSpace;
  window: number;
  stride: number;
  fill: Fill;
  /** Grad-CAM's layer (null: the map the head reads). */
  layer: string | null;
  /** SmoothGrad: noise as a share of the input range, and samples. */
  noise: number;
  samples: number;
  /** Integrated Gradients: steps from the black baseline. */
  steps: number;
}

export const DEFAULT_SETTINGS: Omit<ExplainSettings, 'target'> = {
  space: 'probability',
  window: 20,
  stride: 10,
  fill: 'zero',
  layer: null,
  noise: 0.15,
  samples: 25,
  steps: 32,
};

export interface Explanation {
  method: Method;
  map: ExplanationMap;
  /** What the method says beside its map: IG's completeness, Grad-CAM's layer, occlusion's base score and boxes. */
  detail: {
    completeness?: { sum: number; delta: number; error: number };
    layer?: string;
    occlusion?: Pick<OcclusionResult, 'base' | 'boxes' | 'done' | 'total'>;
  };
}

export interface ExplainRun extends Cancellable {
  onPartial?: (partial: Explanation) => void;
}

function fromOcclusion(result: OcclusionResult, space: ScoreSpace): Explanation {
  const { base, boxes, done, total } = result;
  return { method: 'occlusion', map: result.maps[space], detail: { occlusion: { base, boxes, done, total } } };
}

export async function explain(
  scorer: Scorer,
  gray: Float32Array,
  method: Method,
  settings: ExplainSettings,
  run: ExplainRun = {},
): Promise<Explanation> {
  const { target, space } = settings;
  const base = { target, space, signal: run.signal, pause: run.pause };
  switch (method) {
    case 'occlusion': {
      const { window, stride, fill } = settings;
      const onProgress = (partial: OcclusionResult): void => run.onPartial?.(fromOcclusion(partial, space));
      return fromOcclusion(await occlusion(scorer, gray, { ...base, window, stride, fill, onProgress }), space);
    }
    case 'gradcam': {
      const result = await gradCam(scorer, gray, { ...base, layer: settings.layer ?? undefined });
      return { method, map: result.map, detail: { layer: result.layer } };
    }
    case 'saliency':
      return { method, map: await saliency(scorer, gray, base), detail: {} };
    case 'smoothgrad':
      return {
        method,
        map: await smoothGrad(scorer, gray, { ...base, noise: settings.noise, samples: settings.samples }),
        detail: {},
      };
    case 'ig': {
      const result = await integratedGradients(scorer, gray, { ...base, steps: settings.steps });
      const completeness = { sum: result.sum, delta: result.delta, error: result.completenessError };
      return { method, map: result.map, detail: { completeness } };
    }
  }
}
