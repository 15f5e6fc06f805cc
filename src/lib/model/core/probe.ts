/**
 * Reading a backbone's inside: a probe model with the named layers' outputs (built once per model and names,
 * sharing the model's weights), and the layer that ends the first stage of a chain backbone.
 */
import type * as tfc from '@tensorflow/tfjs';
import { describeLayers, findLayer, ModelStructureError } from './backbone';
import type { Tf } from './runtime';

const probes = new WeakMap<tfc.LayersModel, Map<string, tfc.LayersModel>>();

/** A model sharing `model`'s weights with the named layers' outputs, built once per model and names. Never dispose it. */
export function probeOf(tf: Tf, model: tfc.LayersModel, layerNames: readonly string[]): tfc.LayersModel {
  let byNames = probes.get(model);
  if (!byNames) probes.set(model, (byNames = new Map()));
  const key = layerNames.join('|');
  let probe = byNames.get(key);
  if (!probe) {
    const outputs = layerNames.map((name) => findLayer(model, name).output as tfc.SymbolicTensor);
    probe = tf.model({ inputs: model.inputs, outputs });
    byNames.set(key, probe);
  }
  return probe;
}

/**
 * The last layer before the second strided layer: the end of the network's first stage (full resolution halved
 * once), skipping zero-padding layers. The earliest map worth showing as "what the first filters see".
 */
export function firstStageLayer(model: tfc.LayersModel): tfc.layers.Layer {
  const strided = describeLayers(model).filter((row) => (row.stride ?? 1) > 1);
  const second = strided[1];
  if (!second)
    throw new ModelStructureError(`${model.name} has fewer than two strided layers; it has no first stage to probe.`);
  let fed = model.layers[second.index]?.inboundNodes[0]?.inboundLayers[0];
  while (fed && fed.getClassName() === 'ZeroPadding2D') fed = fed.inboundNodes[0]?.inboundLayers[0];
  if (!fed) throw new ModelStructureError(`Layer ${second.name} has no input layer.`);
  return fed;
}
