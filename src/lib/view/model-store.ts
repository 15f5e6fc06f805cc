/**
 * Models loaded once per page and runtime: every widget that needs MobileNet shares one copy. A runtime reset
 * (lost WebGL context) empties the store so models reload on the new backend. Each model gets a warm-up pass
 * (shader compilation, wasm allocation) before the first reader action, as tfjs-examples do.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, loadBackbone } from '../model/backbone';
import { parseImagenetLabels } from '../model/imagenet';
import type { Runtime } from '../model/runtime';
import { sitePath } from '../paths';

const backbones = new Map<string, Promise<tfc.LayersModel>>();
let labels: Promise<string[]> | null = null;

export class ModelFilesMissingError extends Error {}

export function backboneUrl(id: string): string {
  return sitePath(`weights/backbones/${id}/model.json`);
}

export function pageBackbone(runtime: Runtime, id: string): Promise<tfc.LayersModel> {
  const key = `${runtime.backend}:${id}`;
  let model = backbones.get(key);
  if (!model) {
    model = loadWarm(runtime, id).catch((error: unknown) => {
      backbones.delete(key);
      throw error;
    });
    backbones.set(key, model);
  }
  return model;
}

async function loadWarm(runtime: Runtime, id: string): Promise<tfc.LayersModel> {
  const { tf } = runtime;
  const info = backboneInfo(id);
  let model: tfc.LayersModel;
  try {
    model = await loadBackbone(tf, backboneUrl(id));
  } catch (error) {
    throw new ModelFilesMissingError(`The ${info.title} weights could not be loaded from ${backboneUrl(id)} ` +
      `(${error instanceof Error ? error.message : String(error)}). Run npm run setup to copy them from ../shared.`);
  }
  const warm = tf.tidy(() => model.predict(tf.zeros([1, info.input.size, info.input.size, 3])) as tfc.Tensor);
  await warm.data();
  warm.dispose();
  return model;
}

export function imagenetLabels(id: string): Promise<string[]> {
  labels ??= fetch(sitePath(`weights/backbones/${id}/imagenet_labels.json`))
    .then(async (response) => {
      if (!response.ok) throw new ModelFilesMissingError(`ImageNet labels are missing (HTTP ${response.status}).`);
      return parseImagenetLabels(await response.json());
    })
    .catch((error: unknown) => {
      labels = null;
      throw error;
    });
  return labels;
}

/** Forgets every model (after the runtime changed); disposing may fail on a lost context, which is harmless. */
export async function clearPageModels(): Promise<void> {
  const loaded = [...backbones.values()];
  backbones.clear();
  for (const model of loaded) {
    try {
      (await model).dispose();
    } catch {
      // A model on a lost WebGL context cannot free GPU memory; the browser already has.
    }
  }
}
