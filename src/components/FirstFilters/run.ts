/**
 * The first-filters widget's work, loaded lazily: MobileNet's first Conv2D (found by class name) and its filters,
 * then on each scan the layer's raw responses (tf.conv2d with the layer's kernel, stride and padding) or the output
 * of its block (batch normalisation and activation), as the next layer receives it.
 */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, outputShapeOf, truncate } from '../../lib/model/backbone';
import { blockOutput, channelSum, convResponses, firstConvLayer, readFilters, type ConvFilters } from '../../lib/model/first-layer';
import { preprocessGray, toInputTensor, type RawImage } from '../../lib/model/preprocess';
import type { Runtime } from '../../lib/model/runtime';
import { drawMap } from '../../lib/view/heatmap';
import { latestRunner } from '../../lib/view/latest-runner';
import { clearPageModels, pageBackbone } from '../../lib/view/model-store';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { shareScanChoice } from '../../lib/view/scan-sync';
import { RUNTIME_RESET_EVENT, pageRuntime } from '../../lib/view/site-runtime';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
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
  part(root, 'layer-info').textContent = STRINGS.layerInfo(filters.layerName, filters.count, filters.kernelHeight,
    filters.kernelWidth, filters.inChannels, filters.strides[0], filters.padding, oh ?? 0, ow ?? 0);
  buildCards(part(root, 'filters'), filters);
}

async function respond(loaded: Loaded, image: RawImage, mode: Mode, id: string): Promise<{ data: Float32Array; shape: number[] }> {
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

export async function runFirstFilters(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const id = root.dataset.backbone ?? 'mobilenet_v1_0.25_224';
  const info = backboneInfo(id);
  let mode = parseMode(currentParams());
  root.querySelectorAll<HTMLInputElement>('input[name="ff-mode"]').forEach((radio) => { radio.checked = radio.value === mode; });
  let loaded: Loaded;
  let current: ScanSelection | null = null;
  chrome.set('loading', STRINGS.loading(info.title));
  chrome.showProgress(null);
  try {
    loaded = await load(id);
  } catch (error) {
    chrome.fail(error);
    return;
  }
  chrome.showBackend(loaded.runtime);
  describe(root, loaded);

  const request = latestRunner(async () => {
    const selection = current;
    if (!selection) return chrome.set('ready', STRINGS.noScan);
    chrome.set('busy', STRINGS.computing);
    const started = performance.now();
    const shown = mode;
    const { data, shape } = await respond(loaded, selection.image, shown, id);
    const stats = drawMaps(part(root, 'filters'), data, shape, shown);
    const max = Math.max(...stats.map((s) => s.max));
    const largest = Math.max(...stats.map((s) => Math.max(Math.abs(s.min), Math.abs(s.max))));
    part(root, 'legend').textContent = shown === 'raw' ? STRINGS.rawLegend(formatNumber(largest))
      : STRINGS.blockLegend(String((loaded.block.getConfig() as { activation?: string }).activation ?? loaded.block.getClassName()), formatNumber(max));
    const ms = performance.now() - started;
    root.dataset.result = JSON.stringify({ scan: selection.id, layer: loaded.filters.layerName, mode: shown, shape, maps: stats });
    root.dataset.lastMs = ms.toFixed(2);
    chrome.set('ready', STRINGS.ready(loaded.runtime.backend, STRINGS.ms(ms)));
  }, (error) => chrome.fail(error));

  root.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.name !== 'ff-mode' || !isMode(target.value)) return;
    mode = target.value;
    updateParams((params) => writeMode(mode, params));
    request();
  });
  root.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-index]');
    if (!button) return;
    const { kernelHeight: size } = loaded.filters;
    const weights = channelSum(loaded.filters, Number(button.dataset.index)).map((w) => Math.round(w * 100) / 100);
    sendKernel({ size, weights, divisor: 1 });
  });
  window.addEventListener(RUNTIME_RESET_EVENT, () => {
    void clearPageModels().then(() => load(id)).then((next) => {
      loaded = next;
      chrome.showBackend(loaded.runtime);
      request();
    }).catch((error: unknown) => chrome.fail(error));
  });
  const picker = part<HTMLElement>(root, 'scan-select').closest<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  shareScanChoice(picker);
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => {
      current = selection;
      drawMap(part<HTMLCanvasElement>(root, 'input'), { width: info.input.size, height: info.input.size, values: preprocessGray(selection.image, info.input.size) }, 'gray', { min: 0, max: 255 });
      part(root, 'caption').textContent = selection.caption;
      request();
    },
  });
  if (!current) chrome.set('ready', STRINGS.noScan);
}
