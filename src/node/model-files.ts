/**
 * Node-only: tfjs IOHandlers over the file system (tfjs-node's file:// is not installable here). Loads the TF.js
 * layers format, old (one file per weight group) and new alike, and saves heads as model.json + weights.bin.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';

interface ModelJson {
  modelTopology: tfc.io.ModelArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: tfc.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

export function fileLoader(modelJsonPath: string): tfc.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
      const dir = dirname(modelJsonPath);
      const buffers: Buffer[] = [];
      const weightSpecs: tfc.io.WeightsManifestEntry[] = [];
      for (const group of json.weightsManifest) {
        for (const path of group.paths) buffers.push(await readFile(join(dir, path)));
        weightSpecs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? null,
      };
    },
  };
}

export function fileSaver(directory: string): tfc.io.IOHandler {
  return {
    save: async (artifacts) => {
      await mkdir(directory, { recursive: true });
      const data = artifacts.weightData;
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : Buffer.concat((data ?? []).map((part) => new Uint8Array(part)));
      await writeFile(join(directory, 'weights.bin'), bytes);
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
      };
      await writeFile(join(directory, 'model.json'), `${JSON.stringify(json)}\n`);
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength },
      };
    },
  };
}
