/** The Node side of parity checks: the same library code, on the wasm backend, over the same files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, loadBackbone } from '../../src/lib/model/core/backbone';
import type { GalleryManifest, GalleryScan } from '../../src/lib/gallery';
import { toInputTensor } from '../../src/lib/model/core/preprocess';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SITE_BACKBONES, SITE_SAMPLES } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';

export function galleryScans(): GalleryScan[] {
  const manifest = JSON.parse(readFileSync(join(SITE_SAMPLES, 'manifest.json'), 'utf8')) as GalleryManifest;
  return manifest.scans;
}

/** ImageNet probabilities of MobileNet v1 for a gallery scan, computed in Node. */
export async function nodeImagenetProbabilities(
  scan: GalleryScan,
  backbone = 'mobilenet_v1_0.25_224',
): Promise<Float32Array> {
  const { tf } = await nodeRuntime();
  const model = await loadBackbone(tf, fileLoader(join(SITE_BACKBONES, backbone, 'model.json')));
  const image = await decodeImage(readFileSync(join(SITE_SAMPLES, scan.file)), scan.id);
  const output = tf.tidy(() => model.predict(toInputTensor(tf, image, backboneInfo(backbone).input)) as tfc.Tensor);
  const values = (await output.data()) as Float32Array;
  output.dispose();
  model.dispose();
  return values;
}

export async function nodeInputTensor(
  image: Parameters<typeof toInputTensor>[1],
  backbone = 'mobilenet_v1_0.25_224',
): Promise<Float32Array> {
  const { tf } = await nodeRuntime();
  const tensor = toInputTensor(tf, image, backboneInfo(backbone).input);
  const values = (await tensor.data()) as Float32Array;
  tensor.dispose();
  return values;
}
