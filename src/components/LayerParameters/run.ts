/**
 * The layer-parameters widget, on the widget scaffold: each change builds a real tfjs Conv2D on the full scan and a
 * real Dense layer on a small thumbnail (to check the dense formula against countParams()), then counts the
 * full-size dense layer from its output shape and that formula (building it would allocate hundreds of megabytes).
 */
import type { ImageShape } from '../../lib/model/lessons/parameters';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { CHANNELS, countAll } from './counts';
import { showControls, showCount, showCounts } from './render';
import { layerParametersUrlState, withCount, withKernel, type LayerParametersState } from './state';
import { STRINGS, formatCount } from './strings';

/** What the widget keeps: the shape of the scan its layers read (from the markup's data-size). */
interface Loaded {
  shape: ImageShape;
}

/** What tests and benches read from `data-result`. */
export interface LayerParametersResult extends LayerParametersState {
  dense: number;
  denseMap: number;
  unshared: number;
  conv: number;
  convShape: readonly number[];
  measuredDense: number;
}

type Ctx = WidgetContext<LayerParametersState, LayerParametersResult>;

/** The side of the scan as the network receives it, written into the markup at build time. */
const sideOf = (root: HTMLElement): number => Number(root.dataset.size);

export const layerParameters = defineWidget<LayerParametersState, Loaded, LayerParametersResult>({
  name: 'layer-parameters widget',
  state: layerParametersUrlState,
  strings: { loading: STRINGS.loading },
  load: async (ctx) => ({ shape: [sideOf(ctx.root), sideOf(ctx.root), CHANNELS] }),
  sync: (ctx) => showControls(ctx.root, ctx.state, sideOf(ctx.root)),
  setup: (ctx) => bindControls(ctx),
  render: async (ctx, loaded) => count(ctx, loaded),
});

function count(ctx: Ctx, loaded: Loaded): LayerParametersResult {
  const state = ctx.state;
  ctx.chrome.set('busy', STRINGS.building);
  const started = performance.now();
  const counts = countAll(ctx.runtime.tf, loaded.shape, state);
  showCounts(ctx.root, counts, state);
  const ratio = STRINGS.ratio(counts.dense.params / counts.conv.params);
  const ms = STRINGS.ms(performance.now() - started);
  ctx.chrome.set('ready', STRINGS.ready(formatCount(state.count), ratio, ctx.runtime.backend, ms));
  return {
    ...state,
    dense: counts.dense.params,
    denseMap: counts['dense-map'].params,
    unshared: counts.unshared.params,
    conv: counts.conv.params,
    convShape: counts.convShape,
    measuredDense: counts.measuredDense,
  };
}

function bindControls(ctx: Ctx): void {
  const slider = ctx.part<HTMLInputElement>('count');
  const menu = ctx.part<HTMLSelectElement>('kernel');
  ctx.listen(slider, 'input', () => {
    ctx.setState((state) => withCount(state, Number(slider.value)));
    showCount(ctx.root, ctx.state);
  });
  ctx.listen(menu, 'input', () => ctx.setState((state) => withKernel(state, Number(menu.value))));
}
