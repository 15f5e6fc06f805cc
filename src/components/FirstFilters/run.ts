/**
 * The first-filters widget, on the widget scaffold: the backbone's first Conv2D (found by class name) and its
 * filters, then on each scan the layer's raw responses (tf.conv2d with the layer's kernel, stride and padding) or
 * the output of its block (batch normalisation and activation), as the next layer receives it.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, outputShapeOf, truncate } from '../../lib/model/core/backbone';
import { preprocessGray, toInputTensor, type InputSpec } from '../../lib/model/core/preprocess';
import {
  blockOutput,
  channelSum,
  convResponses,
  firstConvLayer,
  readFilters,
  type ConvFilters,
} from '../../lib/model/lessons/first-layer';
import { pageBackbone } from '../../lib/view/model-store';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { sendKernel } from '../ConvolutionExplorer/events';
import { drawInput, drawMaps, showControls, showLayer, showLegend, type MapStats } from './render';
import { firstFiltersUrlState, withMode, type FirstFiltersState, type Mode } from './state';
import { STRINGS } from './strings';

/** What the widget keeps: the layer, its block's output (and a probe model cut there), the filters, the scan. */
interface Loaded {
  input: InputSpec;
  layer: tfc.layers.Layer;
  block: tfc.layers.Layer;
  /** Shares the page backbone's weights: dropped with the rest, never disposed. */
  probe: tfc.LayersModel;
  filters: ConvFilters;
  /** The scan drawn on the input canvas (its id). */
  drawn: string | null;
}

/** What tests and benches read from `data-result`. */
export interface FirstFiltersResult {
  scan: string;
  layer: string;
  mode: Mode;
  /** [height, width, filters] of the maps. */
  shape: number[];
  maps: MapStats[];
}

type Ctx = WidgetContext<FirstFiltersState, FirstFiltersResult>;

export const firstFilters = defineWidget<FirstFiltersState, Loaded, FirstFiltersResult>({
  name: 'first-filters widget',
  state: firstFiltersUrlState,
  strings: { loading: STRINGS.loadingRuntime, chooseImage: STRINGS.noScan },
  scan: {},
  load,
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx, current) => bindControls(ctx, current),
  onScan: (ctx, selection) => ctx.text('caption', selection.caption),
  render: respond,
});

/** The backbone named by the markup (FirstFilters.astro takes it from the shipped head's meta), from the page store. */
async function load(ctx: Ctx): Promise<Loaded> {
  const id = ctx.root.dataset.backbone;
  if (!id) throw new Error(STRINGS.noBackbone);
  const { input, title } = backboneInfo(id);
  ctx.chrome.set('loading', STRINGS.loading(title));
  const model = await pageBackbone(ctx.runtime, id);
  const layer = firstConvLayer(model);
  const block = blockOutput(layer);
  const filters = await readFilters(layer);
  const [, height = 0, width = 0] = outputShapeOf(layer);
  showLayer(ctx.root, filters, [height ?? 0, width ?? 0]);
  return { input, layer, block, probe: truncate(ctx.runtime.tf, model, block.name), filters, drawn: null };
}

/** The chosen mode's maps for the chosen scan, read back to the page: [h, w, filters]. */
async function maps(ctx: Ctx, loaded: Loaded, mode: Mode): Promise<{ data: Float32Array; shape: number[] }> {
  const { tf } = ctx.runtime;
  const image = ctx.scan?.image;
  if (!image) throw new Error(STRINGS.noScan);
  const out = tf.tidy(() => {
    const input = toInputTensor(tf, image, loaded.input);
    return mode === 'raw' ? convResponses(tf, input, loaded.layer) : (loaded.probe.predict(input) as tfc.Tensor4D);
  });
  try {
    return { data: (await out.data()) as Float32Array, shape: out.shape.slice(1) };
  } finally {
    out.dispose();
  }
}

async function respond(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<FirstFiltersResult | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  if (loaded.drawn !== selection.id) {
    const size = loaded.input.size;
    drawInput(ctx.root, { width: size, height: size, values: preprocessGray(selection.image, size) });
    loaded.drawn = selection.id;
  }
  const { mode } = ctx.state;
  ctx.chrome.set('busy', STRINGS.computing);
  const started = performance.now();
  const { data, shape } = await maps(ctx, loaded, mode);
  if (signal.aborted) return null;
  const stats = drawMaps(ctx.root, data, shape, mode);
  const config = loaded.block.getConfig() as { activation?: string };
  showLegend(ctx.root, mode, stats, String(config.activation ?? loaded.block.getClassName()));
  ctx.chrome.set('ready', STRINGS.ready(ctx.runtime.backend, STRINGS.ms(performance.now() - started)));
  return { scan: selection.id, layer: loaded.filters.layerName, mode, shape, maps: stats };
}

/** The mode radios (state, URL, a new render) and each filter's "try it above" button (its grey kernel, sent). */
function bindControls(ctx: Ctx, current: () => Loaded): void {
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="mode"]')) {
    ctx.listen(radio, 'change', () => {
      if (radio.checked) ctx.setState((state) => withMode(state, radio.value));
    });
  }
  ctx.listen(ctx.part('filters'), 'click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-index]');
    if (!button) return;
    const { filters } = current();
    const weights = channelSum(filters, Number(button.dataset.index)).map((w) => Math.round(w * 100) / 100);
    sendKernel({ size: filters.kernelHeight, weights, divisor: 1 });
  });
}
