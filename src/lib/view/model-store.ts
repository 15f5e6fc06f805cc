/**
 * Models loaded once per page and runtime: every widget that needs MobileNet shares one copy. A runtime reset
 * (lost WebGL context) empties the store so models reload on the new backend. Each model gets a warm-up pass
 * (shader compilation, wasm allocation) before the first reader action, as tfjs-examples do.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, loadBackbone } from '../model/core/backbone';
import { Classifier } from '../model/core/classifier';
import { parseImagenetLabels } from '../model/core/imagenet';
import { parseHeadMeta } from '../model/core/meta';
import { TASKS, type TaskId } from '../model/core/tasks';
import type { Runtime } from '../model/core/runtime';
import { sitePath } from '../paths';
import { explainNetworkFailure, fetchSiteFile } from './offline-errors';

const backbones = new Map<string, Promise<tfc.LayersModel>>();
const classifiers = new Map<string, Promise<Classifier>>();
let labels: Promise<string[]> | null = null;

class ModelFilesMissingError extends Error {}

function backboneUrl(id: string): string {
  return sitePath(`weights/backbones/${id}/model.json`);
}

/** One load per key and page; a failed load is forgotten so the next call retries instead of repeating the error. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load().catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, value);
  }
  return value;
}

export function pageBackbone(runtime: Runtime, id: string): Promise<tfc.LayersModel> {
  return once(backbones, `${runtime.backend}:${id}`, () => loadWarm(runtime, id));
}

async function loadWarm(runtime: Runtime, id: string): Promise<tfc.LayersModel> {
  const { tf } = runtime;
  const info = backboneInfo(id);
  let model: tfc.LayersModel;
  try {
    model = await loadBackbone(tf, backboneUrl(id));
  } catch (error) {
    throw (
      explainNetworkFailure(error, `the ${info.title} weights`) ??
      new ModelFilesMissingError(
        `The ${info.title} weights could not be loaded from ${backboneUrl(id)} ` +
          `(${error instanceof Error ? error.message : String(error)}). Run npm run setup: it finds or downloads the verified backbones.`,
      )
    );
  }
  const warm = tf.tidy(() => model.predict(tf.zeros([1, info.input.size, info.input.size, 3])) as tfc.Tensor);
  await warm.data();
  warm.dispose();
  return model;
}

export function imagenetLabels(id: string): Promise<string[]> {
  labels ??= fetchSiteFile(sitePath(`weights/backbones/${id}/imagenet_labels.json`), 'the ImageNet class names')
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

/** A shipped head with its backbone (shared by every widget of the page for that task), warmed up. */
export function pageClassifier(runtime: Runtime, task: TaskId): Promise<Classifier> {
  return once(classifiers, `${runtime.backend}:${task}`, () => loadClassifier(runtime, task));
}

async function loadClassifier(runtime: Runtime, task: TaskId): Promise<Classifier> {
  const base = `weights/heads/${task}/`;
  const response = await fetchSiteFile(sitePath(`${base}meta.json`), `the head for ${TASKS[task].title}`);
  if (!response.ok)
    throw new ModelFilesMissingError(
      `The ${task} head is missing (HTTP ${response.status}); run npm run train -- --task ${task}.`,
    );
  const meta = parseHeadMeta(await response.json());
  let classifier: Classifier;
  try {
    classifier = await Classifier.load(runtime.tf, meta, {
      backbone: backboneUrl(meta.feature.backbone),
      head: sitePath(`${base}model.json`),
      finetuned: meta.finetunedBackbone ? sitePath(`${base}${meta.finetunedBackbone.path}`) : undefined,
    });
  } catch (error) {
    throw (
      explainNetworkFailure(error, `the weights for ${TASKS[task].title}`) ??
      new ModelFilesMissingError(
        `The ${task} model could not be loaded (${error instanceof Error ? error.message : String(error)}). ` +
          'Run npm run setup: it finds or downloads the verified backbone.',
      )
    );
  }
  await classifier.warmUp();
  return classifier;
}

/** Forgets every model (after the runtime changed); disposing may fail on a lost context, which is harmless. */
export async function clearPageModels(): Promise<void> {
  const loaded: Promise<{ dispose(): unknown }>[] = [...backbones.values(), ...classifiers.values()];
  backbones.clear();
  classifiers.clear();
  for (const model of loaded) {
    try {
      (await model).dispose();
    } catch {
      // A model on a lost WebGL context cannot free GPU memory; the browser already has.
    }
  }
}
