/**
 * ImageNet backbones: the catalogue of the files setup copies, loading (URL in the browser, an IOHandler in Node),
 * input-size changes, cutting at a named layer, and a layer table derived from the loaded model.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { InputSpec } from './preprocess';
import type { Tf } from './runtime';

export interface BackboneInfo {
  /** Folder name under ../shared/weights and public/weights/backbones. */
  id: string;
  title: string;
  citation: string;
  input: InputSpec;
  /** Whether the model ends in ImageNet's 1000-class softmax (and has imagenet_labels.json beside it). */
  imagenetTop: boolean;
}

/** Both MobileNets take RGB in [-1, 1] (x / 127.5 - 1) at 224 px, as Keras Applications trained them. */
const KERAS_MOBILENET_INPUT: InputSpec = { size: 224, scale: 1 / 127.5, offset: -1 };

export const BACKBONES: readonly BackboneInfo[] = [
  {
    id: 'mobilenet_v1_0.25_224',
    title: 'MobileNet v1 (width 0.25)',
    citation: 'howard2017',
    input: KERAS_MOBILENET_INPUT,
    imagenetTop: true,
  },
  {
    id: 'mobilenet_v2_0.35_224_notop',
    title: 'MobileNetV2 (width 0.35)',
    citation: 'sandler2018',
    input: KERAS_MOBILENET_INPUT,
    imagenetTop: false,
  },
];

export class ModelStructureError extends Error {}

export function backboneInfo(id: string): BackboneInfo {
  const info = BACKBONES.find((b) => b.id === id);
  if (!info) {
    throw new ModelStructureError(`Unknown backbone "${id}". Known: ${BACKBONES.map((b) => b.id).join(', ')}.`);
  }
  return info;
}

/**
 * Wraps an IOHandler so the model is built for another square input size (MobileNets are fully convolutional up
 * to the global pooling; only the declared input shape changes).
 */
export function withInputSize(handler: tfc.io.IOHandler, size: number): tfc.io.IOHandler {
  return {
    load: async () => {
      if (!handler.load) throw new ModelStructureError('This model source cannot be loaded.');
      const artifacts = await handler.load();
      const topology = structuredClone(artifacts.modelTopology) as { model_config?: ModelConfig } & ModelConfig;
      const config = topology.model_config ?? topology;
      const inputLayer = config.config?.layers?.find((layer) => layer.class_name === 'InputLayer');
      if (!inputLayer?.config?.batch_input_shape) throw new ModelStructureError('The model declares no input shape.');
      const shape = inputLayer.config.batch_input_shape;
      inputLayer.config.batch_input_shape = [shape[0] ?? null, size, size, shape[3] ?? 3];
      return { ...artifacts, modelTopology: topology as tfc.io.ModelArtifacts['modelTopology'] };
    },
  };
}

interface ModelConfig {
  config?: { layers?: { class_name: string; config?: { batch_input_shape?: (number | null)[] } }[] };
}

export async function loadBackbone(
  tf: Tf,
  source: string | tfc.io.IOHandler,
  inputSize?: number,
): Promise<tfc.LayersModel> {
  const handler = typeof source === 'string' ? tf.io.http(source) : source;
  const sized = inputSize === undefined ? handler : withInputSize(handler, inputSize);
  return tf.loadLayersModel(sized);
}

/** A model that ends at `layerName` (sharing weights with `model`). Unknown names throw with the list of choices. */
export function truncate(tf: Tf, model: tfc.LayersModel, layerName: string): tfc.LayersModel {
  const layer = findLayer(model, layerName);
  return tf.model({
    inputs: model.inputs,
    outputs: layer.output as tfc.SymbolicTensor,
    name: `${model.name}_to_${layerName}`,
  });
}

export function findLayer(model: tfc.LayersModel, layerName: string): tfc.layers.Layer {
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer) {
    throw new ModelStructureError(
      `Layer "${layerName}" is not in ${model.name}. Layers with spatial maps: ${spatialLayers(model)
        .map((l) => l.name)
        .join(', ')}.`,
    );
  }
  return layer;
}

/** Layers whose output is a [h, w, c] map, in model order: the places a head or an activation viewer can attach. */
export function spatialLayers(model: tfc.LayersModel): tfc.layers.Layer[] {
  return model.layers.filter((layer) => outputShapeOf(layer).length === 4);
}

/**
 * The feature map a head attaches to: the input of the first global pooling layer (the classic transfer-learning
 * cut), or the last spatial layer of a model without one. Found from the model rather than a list of names.
 */
export function defaultCutLayer(model: tfc.LayersModel): tfc.layers.Layer {
  const pooling = model.layers.find((layer) => /^Global(Average|Max)Pooling2D$/.test(layer.getClassName()));
  const fed = pooling?.inboundNodes[0]?.inboundLayers[0];
  if (fed) return fed;
  const layers = spatialLayers(model);
  const last = layers[layers.length - 1];
  if (!last) throw new ModelStructureError(`${model.name} has no layer with a spatial output.`);
  return last;
}

export function outputShapeOf(layer: tfc.layers.Layer): (number | null)[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  return Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : (shape as (number | null)[]);
}

export interface LayerRow {
  index: number;
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
  /** Square kernel and stride where the layer has them (convolutions and pooling), for receptive fields. */
  kernel: number | null;
  stride: number | null;
}

/** The architecture table, read from the loaded model. */
export function describeLayers(model: tfc.LayersModel): LayerRow[] {
  return model.layers.map((layer, index) => {
    const config = layer.getConfig() as {
      kernelSize?: number | number[];
      poolSize?: number | number[];
      strides?: number | number[];
    };
    return {
      index,
      name: layer.name,
      type: layer.getClassName(),
      outputShape: outputShapeOf(layer),
      params: layer.countParams(),
      kernel: firstOf(config.kernelSize ?? config.poolSize),
      stride: firstOf(config.strides),
    };
  });
}

function firstOf(value: number | number[] | undefined): number | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
