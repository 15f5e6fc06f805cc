/**
 * The backbone inspector, on the widget scaffold: ImageNet's MobileNet (the catalogue's backbone with its top) runs
 * on the chosen scan; the widget shows the input as the network receives it, the top guesses and the model's layers.
 * Each scan is classified in a render, so a slow answer for an old scan can never overwrite a newer one.
 */
import type * as tfc from '@tensorflow/tfjs';
import { describeLayers, type BackboneInfo } from '../../lib/model/core/backbone';
import { topK, type Ranked } from '../../lib/model/core/imagenet';
import { toDisplayRange, toInputTensor, type InputSpec, type RawImage } from '../../lib/model/core/preprocess';
import type { Tf } from '../../lib/model/core/runtime';
import { imagenetLabels, pageBackbone } from '../../lib/view/model-store';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawInput, showCaption, showInputSize, showLayers, showTop } from './render';
import { TOP_K, imagenetBackbone, inspectorUrlState, type InspectorState } from './state';
import { STRINGS } from './strings';

/** What the widget keeps: the page's shared backbone (never disposed here) and ImageNet's labels. */
interface Loaded {
  info: BackboneInfo;
  model: tfc.LayersModel;
  labels: string[];
  /** Said once, by the first answer after a runtime reset. */
  notice: string | null;
}

/** What tests and benches read from `data-result`. */
export interface BackboneInspectorResult {
  /** The scan's id (`file:<name>` for the reader's own image). */
  scan: string;
  top5: Ranked[];
}

type Ctx = WidgetContext<InspectorState, BackboneInspectorResult>;

/** Why the network moved to another backend, until the next render says so in the status line. */
export const backboneInspector = defineWidget<InspectorState, Loaded, BackboneInspectorResult>({
  name: 'backbone inspector',
  state: inspectorUrlState,
  strings: { loading: STRINGS.loadingRuntime, chooseImage: STRINGS.chooseImage },
  scan: {},
  load,
  render: classify,
});

async function load(ctx: Ctx, previous: Loaded | null): Promise<Loaded> {
  const info = imagenetBackbone();
  ctx.chrome.set('loading', STRINGS.loading(info.title));
  const [model, labels] = await Promise.all([pageBackbone(ctx.runtime, info.id), imagenetLabels(info.id)]);
  showInputSize(ctx.root, info.input.size);
  showLayers(ctx.root, describeLayers(model));
  // After a runtime reset (a previous load exists), the first answer says why the backend changed.
  const notice = previous && ctx.resetReason ? STRINGS.afterReset(ctx.resetReason, ctx.runtime.backend) : null;
  return { info, model, labels, notice };
}

async function classify(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<BackboneInspectorResult | null> {
  const notice = loaded.notice;
  loaded.notice = null;
  const scan = ctx.scan;
  if (!scan) {
    ctx.chrome.set('ready', notice ?? STRINGS.chooseImage);
    return null;
  }
  ctx.chrome.set('busy', STRINGS.running);
  const started = performance.now();
  const { probabilities, display } = await predict(ctx.runtime.tf, loaded.model, scan.image, loaded.info.input);
  if (signal.aborted) return null;
  const top5 = topK(probabilities, loaded.labels, TOP_K);
  showTop(ctx.root, top5);
  drawInput(ctx.root, display, loaded.info.input.size);
  showCaption(ctx.root, scan.caption);
  const ready = STRINGS.ready(top5[0]?.label ?? STRINGS.noGuess, ctx.runtime.backend, performance.now() - started);
  ctx.chrome.set('ready', notice ? `${notice} ${ready}` : ready);
  return { scan: scan.id, top5 };
}

/** ImageNet's probabilities and the first channel of the input in display range (0–255), from one pass. */
async function predict(
  tf: Tf,
  model: tfc.LayersModel,
  image: RawImage,
  spec: InputSpec,
): Promise<{ probabilities: Float32Array; display: Uint8ClampedArray }> {
  const [probabilities, pixels] = tf.tidy(() => {
    const input = toInputTensor(tf, image, spec);
    return [model.predict(input) as tfc.Tensor, toDisplayRange(tf, input, spec).slice([0, 0, 0, 0], [1, -1, -1, 1])];
  });
  try {
    const values = (await probabilities.data()) as Float32Array;
    return { probabilities: values, display: Uint8ClampedArray.from(await pixels.data()) };
  } finally {
    tf.dispose([probabilities, pixels]);
  }
}
