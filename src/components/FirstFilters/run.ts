/**
 * The first-filters widget's work, loaded lazily: MobileNet's first Conv2D (found by class name) and its filters,
 * then on each scan the layer's raw responses (tf.conv2d with the layer's kernel, stride and padding) or the output
 * of its block (batch normalisation and activation), as the next layer receives it.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, outputShapeOf, truncate } from '../../lib/model/core/backbone';
import {
  blockOutput,
  channelSum,
  convResponses,
  firstConvLayer,
  readFilters,
  type ConvFilters,
} from '../../lib/model/lessons/first-layer';
import { preprocessGray, toInputTensor, type RawImage } from '../../lib/model/core/preprocess';
import type { Runtime } from '../../lib/model/core/runtime';
import { drawMap } from '../../lib/view/heatmap';
import { latestRunner } from '../../lib/view/latest-runner';
import { clearPageModels, pageBackbone } from '../../lib/view/model-store';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { shareScanChoice } from '../../lib/view/scan-sync';
import { pageRuntime } from '../../lib/view/site-runtime';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { sendKernel } from '../ConvolutionExplorer/events';
import { buildCards, drawMaps } from './render';
import { isMode, parseMode, writeMode, type Mode } from './state';
import { STRINGS, formatNumber } from './strings';

interface Loaded {
  runtime: Runtime;
  layer: tfc.layers.Layer;
  block: tfc.layers.Layer;
  probe: tfc.LayersModel;
  filters: ConvFilters;
}

function part<T extends Element>(root: ParentNode, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`The first-filters markup lacks data-role="${role}".`);
  return element;
}

async function load(id: string): Promise<Loaded> {
  const runtime = await pageRuntime();
  const model = await pageBackbone(runtime, id);
  const layer = firstConvLayer(model);
  const block = blockOutput(layer);
  return { runtime, layer, block, probe: truncate(runtime.tf, model, block.name), filters: await readFilters(layer) };
}

function describe(root: HTMLElement, loaded: Loaded): void {
  const { filters, layer } = loaded;
  const [, oh = 0, ow = 0] = outputShapeOf(layer);
  part(root, 'layer-info').textContent = STRINGS.layerInfo(
    filters.layerName,
    filters.count,
    filters.kernelHeight,
    filters.kernelWidth,
    filters.inChannels,
    filters.strides[0],
    filters.padding,
    oh ?? 0,
    ow ?? 0,
  );
  buildCards(part(root, 'filters'), filters);
}

async function respond(
  loaded: Loaded,
  image: RawImage,
  mode: Mode,
  id: string,
): Promise<{ data: Float32Array; shape: number[] }> {
  const { tf } = loaded.runtime;
  const out = tf.tidy(() => {
    const input = toInputTensor(tf, image, backboneInfo(id).input);
    return mode === 'raw' ? convResponses(tf, input, loaded.layer) : (loaded.probe.predict(input) as tfc.Tensor4D);
  });
  try {
    return { data: (await out.data()) as Float32Array, shape: out.shape.slice(1) };
  } finally {
    out.dispose();
  }
}

interface Session {
  id: string;
  loaded: Loaded;
  mode: Mode;
  current: ScanSelection | null;
}

async function compute(root: HTMLElement, chrome: WidgetChrome, session: Session): Promise<void> {
  const { current: selection, mode, loaded } = session;
  if (!selection) return chrome.set('ready', STRINGS.noScan);
  chrome.set('busy', STRINGS.computing);
  const started = performance.now();
  const { data, shape } = await respond(loaded, selection.image, mode, session.id);
  const stats = drawMaps(part(root, 'filters'), data, shape, mode);
  const max = Math.max(...stats.map((s) => s.max));
  const largest = Math.max(...stats.map((s) => Math.max(Math.abs(s.min), Math.abs(s.max))));
  const activation = String(
    (loaded.block.getConfig() as { activation?: string }).activation ?? loaded.block.getClassName(),
  );
  part(root, 'legend').textContent =
    mode === 'raw' ? STRINGS.rawLegend(formatNumber(largest)) : STRINGS.blockLegend(activation, formatNumber(max));
  const ms = performance.now() - started;
  root.dataset.result = JSON.stringify({
    scan: selection.id,
    layer: loaded.filters.layerName,
    mode,
    shape,
    maps: stats,
  });
  root.dataset.lastMs = ms.toFixed(2);
  chrome.set('ready', STRINGS.ready(loaded.runtime.backend, STRINGS.ms(ms)));
}

/** The mode radios (state, URL, recompute) and each filter's "try it above" button (its grey kernel, sent). */
function bindControls(root: HTMLElement, session: Session, request: () => void): void {
  root.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.name !== 'ff-mode' || !isMode(target.value)) return;
    session.mode = target.value;
    updateParams((params) => writeMode(session.mode, params));
    request();
  });
  root.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-index]');
    if (!button) return;
    const { filters } = session.loaded;
    const weights = channelSum(filters, Number(button.dataset.index)).map((w) => Math.round(w * 100) / 100);
    sendKernel({ size: filters.kernelHeight, weights, divisor: 1 });
  });
}

export async function runFirstFilters(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const id = root.dataset.backbone ?? 'mobilenet_v1_0.25_224';
  const { input, title } = backboneInfo(id);
  const mode = parseMode(currentParams());
  root.querySelectorAll<HTMLInputElement>('input[name="ff-mode"]').forEach((radio) => {
    radio.checked = radio.value === mode;
  });
  if (!(await startRuntime(chrome, STRINGS.loading(title)))) return;
  let loaded: Loaded;
  try {
    loaded = await load(id);
  } catch (error) {
    return chrome.fail(error);
  }
  describe(root, loaded);
  const session: Session = { id, loaded, mode, current: null };
  const request = latestRunner(
    () => compute(root, chrome, session),
    (error) => chrome.fail(error),
  );
  bindControls(root, session, request);
  afterRuntimeReset(
    chrome,
    async () => {
      await clearPageModels();
      session.loaded = await load(id);
    },
    request,
  );
  const picker = part<HTMLElement>(root, 'scan-select').closest<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  shareScanChoice(picker);
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      session.current = selection;
      const values = preprocessGray(selection.image, input.size);
      drawMap(part<HTMLCanvasElement>(root, 'input'), { width: input.size, height: input.size, values }, 'gray', {
        min: 0,
        max: 255,
      });
      part(root, 'caption').textContent = selection.caption;
      request();
    },
  });
  if (!session.current) chrome.set('ready', STRINGS.noScan);
}
