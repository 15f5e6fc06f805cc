/**
 * The Node side of the convolution parity checks: the same library code (scanToGray, convolveGray, convResponses)
 * on the wasm backend, over the same gallery files, decoded with sharp instead of the browser's decoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs';
import type { GalleryScan } from '../../src/lib/gallery';
import { backboneInfo, loadBackbone } from '../../src/lib/model/core/backbone';
import {
  convolveGray,
  gridTensor,
  scanToGray,
  summariseMap,
  type MapSummary,
  type Padding,
} from '../../src/lib/model/lessons/convolution';
import { convResponses, firstConvLayer } from '../../src/lib/model/lessons/first-layer';
import type { Kernel } from '../../src/lib/model/lessons/kernels';
import { toInputTensor } from '../../src/lib/model/core/preprocess';
import { decodeImage } from '../../src/node/decode';
import { fileLoader } from '../../src/node/model-files';
import { SITE_BACKBONES, SITE_SAMPLES } from '../../src/node/paths';
import { nodeRuntime } from '../../src/node/runtime';

const BACKBONE = 'mobilenet_v1_0.25_224';

export async function nodeConvolution(
  scan: GalleryScan,
  kernel: Kernel,
  stride: number,
  padding: Padding,
): Promise<MapSummary> {
  const { tf } = await nodeRuntime();
  const image = await decodeImage(readFileSync(join(SITE_SAMPLES, scan.file)), scan.id);
  const gray = gridTensor(tf, scanToGray(image, backboneInfo(BACKBONE).input.size));
  const out = convolveGray(tf, gray, kernel, stride, padding);
  const [height = 0, width = 0] = out.shape;
  const values = (await out.data()) as Float32Array;
  tf.dispose([gray, out]);
  return summariseMap({ width, height, values });
}

export interface ChannelStats {
  min: number;
  max: number;
  mean: number;
}

/** Per-filter min, max and mean of the backbone's first convolution on a gallery scan. */
export async function nodeFirstLayer(scan: GalleryScan): Promise<{ shape: number[]; maps: ChannelStats[] }> {
  const { tf } = await nodeRuntime();
  const model = await loadBackbone(tf, fileLoader(join(SITE_BACKBONES, BACKBONE, 'model.json')));
  const image = await decodeImage(readFileSync(join(SITE_SAMPLES, scan.file)), scan.id);
  const input = toInputTensor(tf, image, backboneInfo(BACKBONE).input);
  const out = convResponses(tf, input, firstConvLayer(model)) as tfc.Tensor4D;
  const [, h = 0, w = 0, c = 0] = out.shape;
  const data = (await out.data()) as Float32Array;
  tf.dispose([input, out]);
  model.dispose();
  const maps = Array.from({ length: c }, (_, f) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = f; i < data.length; i += c) {
      const v = data[i] ?? 0;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    return { min, max, mean: sum / (h * w) };
  });
  return { shape: [h, w, c], maps };
}
