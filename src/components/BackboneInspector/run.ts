/** The inspector's work, loaded lazily: runtime, backbone, ImageNet top 5 and the layer table. */
import type * as tfc from '@tensorflow/tfjs';
import { backboneInfo, describeLayers } from '../../lib/model/core/backbone';
import { topK, type Ranked } from '../../lib/model/core/imagenet';
import { toDisplayRange, toInputTensor, type InputSpec, type RawImage } from '../../lib/model/core/preprocess';
import type { Runtime } from '../../lib/model/core/runtime';
import { clearPageModels, imagenetLabels, pageBackbone } from '../../lib/view/model-store';
import { bindScanPicker, type ScanSelection } from '../../lib/view/scan-picker';
import { RUNTIME_RESET_EVENT, pageRuntime, type RuntimeResetDetail } from '../../lib/view/site-runtime';
import { WidgetChrome } from '../../lib/view/widget-chrome';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat();

export async function runBackboneInspector(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const id = root.dataset.backbone ?? 'mobilenet_v1_0.25_224';
  const info = backboneInfo(id);
  let runtime: Runtime;
  let model: tfc.LayersModel;
  let labels: string[];
  let current: ScanSelection | null = null;

  const load = async (): Promise<void> => {
    chrome.set('loading', `Loading TensorFlow.js and ${info.title}…`);
    chrome.showProgress(null);
    runtime = await pageRuntime();
    chrome.showBackend(runtime);
    [model, labels] = await Promise.all([pageBackbone(runtime, id), imagenetLabels(id)]);
    fillLayerTable(root, model);
  };

  const classify = async (selection: ScanSelection): Promise<void> => {
    current = selection;
    chrome.set('busy', 'Running the network…');
    const started = performance.now();
    const { probabilities, display } = await predict(runtime, model, selection.image, info.input);
    const ranked = topK(probabilities, labels, 5);
    showTop5(root, ranked);
    drawInput(root, display, info.input.size);
    setText(root, 'caption', selection.caption);
    root.dataset.result = JSON.stringify({ scan: selection.id, top5: ranked });
    root.dataset.lastMs = String(Math.round(performance.now() - started));
    chrome.set(
      'ready',
      `Top guess: ${ranked[0]?.label ?? '—'} (${runtime.backend}, ${Math.round(performance.now() - started)} ms).`,
    );
  };

  try {
    await load();
  } catch (error) {
    chrome.fail(error);
    return;
  }
  window.addEventListener(RUNTIME_RESET_EVENT, (event) => {
    const detail = (event as CustomEvent<RuntimeResetDetail>).detail;
    void clearPageModels()
      .then(load)
      .then(async () => {
        if (current) await classify(current);
        chrome.set('ready', `${detail.reason}; the network now runs on ${detail.backend}.`);
      })
      .catch((error: unknown) => chrome.fail(error));
  });
  const picker = root.querySelector<HTMLElement>('[data-scan-picker]');
  if (!picker) return;
  await bindScanPicker(picker, {
    dropTarget: root,
    onSelect: (selection) => void classify(selection).catch((error: unknown) => chrome.fail(error)),
  });
  if (!current) chrome.set('ready', 'Choose your own image to see what ImageNet makes of it.');
}

async function predict(
  runtime: Runtime,
  model: tfc.LayersModel,
  image: RawImage,
  spec: InputSpec,
): Promise<{ probabilities: Float32Array; display: Uint8ClampedArray }> {
  const { tf } = runtime;
  const [probabilities, pixels] = tf.tidy(() => {
    const input = toInputTensor(tf, image, spec);
    return [model.predict(input) as tfc.Tensor, toDisplayRange(tf, input, spec).slice([0, 0, 0, 0], [1, -1, -1, 1])];
  });
  const values = (await probabilities.data()) as Float32Array;
  const gray = await pixels.data();
  tf.dispose([probabilities, pixels]);
  return { probabilities: values, display: Uint8ClampedArray.from(gray) };
}

function drawInput(root: HTMLElement, gray: Uint8ClampedArray, size: number): void {
  const canvas = root.querySelector<HTMLCanvasElement>('[data-role="preview"]');
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return;
  canvas.width = size;
  canvas.height = size;
  const rgba = new Uint8ClampedArray(size * size * 4);
  gray.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  context.putImageData(new ImageData(rgba, size, size), 0, 0);
}

function showTop5(root: HTMLElement, ranked: readonly Ranked[]): void {
  const list = root.querySelector('[data-role="top5"]');
  if (!list) return;
  list.replaceChildren(
    ...ranked.map((entry) => {
      const item = document.createElement('li');
      const label = document.createElement('span');
      label.textContent = `${entry.label.split(',')[0] ?? entry.label} — ${percent.format(entry.probability)}`;
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, entry.probability * 100)}%`;
      bar.setAttribute('aria-hidden', 'true');
      item.append(label, bar);
      return item;
    }),
  );
}

function fillLayerTable(root: HTMLElement, model: tfc.LayersModel): void {
  const body = root.querySelector('[data-role="layers"]');
  if (!body) return;
  const rows = describeLayers(model);
  setText(root, 'layer-count', String(rows.length));
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      const cells = [
        String(row.index),
        row.name,
        row.type,
        `[${row.outputShape.map((d) => d ?? 'batch').join(', ')}]`,
        count.format(row.params),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 0 || i === 4) td.className = 'num';
        tr.append(td);
      });
      return tr;
    }),
  );
}

function setText(root: HTMLElement, role: string, text: string): void {
  const element = root.querySelector(`[data-role="${role}"]`);
  if (element) element.textContent = text;
}
