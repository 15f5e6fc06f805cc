/**
 * The activation browser's renderer in Node (linkedom), on a small made-up network: layer list, architecture table,
 * prediction, a layer's statistics and channel grid, the enlarged channel and the receptive field on the scan,
 * including a field that reaches beyond the scan. Canvases are not drawn (linkedom has no 2D context); their sizes
 * and accessible names are checked.
 */
import { describe, expect, test } from 'vitest';
import { fillArchTable } from '../../src/components/InsideCnn/arch-table';
import { fieldOnScan } from '../../src/lib/model/lessons/receptive-field';
import {
  fillLayerSelect,
  markChosen,
  showField,
  showLayer,
  showNotice,
  showPrediction,
  showTask,
  showZoom,
} from '../../src/components/InsideCnn/render';
import { activationStats } from '../../src/lib/model/core/activations';
import type { LayerRow } from '../../src/lib/model/core/backbone';
import type { ReceptiveField } from '../../src/lib/model/lessons/receptive-field';
import { mount } from './dom-stub';

const MARKUP = `
  <select data-role="task"><option value="cxr" selected>CXR</option><option value="oct">OCT</option></select>
  <p data-role="notice" hidden></p>
  <canvas data-role="scan"></canvas><div data-role="rf-marker" hidden></div><span data-role="rf-text"></span>
  <ol data-role="prediction"></ol>
  <select data-role="layer" disabled><option>Loading the model…</option></select>
  <p data-role="layer-info"></p>
  <dd data-role="stat-min"></dd><dd data-role="stat-max"></dd><dd data-role="stat-mean"></dd><dd data-role="stat-zeros"></dd>
  <div data-role="grid"></div>
  <canvas data-role="zoom"></canvas><div data-role="cell-marker" hidden></div>
  <figcaption data-role="zoom-caption"></figcaption><p data-role="scale-note"></p>
  <table><tbody data-role="arch"></tbody></table>`;

const row = (index: number, name: string, type: string, outputShape: (number | null)[], kernel: number | null) => ({
  index,
  name,
  type,
  outputShape,
  params: kernel ? kernel * kernel * 3 * 2 : 0,
  kernel,
  stride: kernel ? 2 : null,
});

/** An 8 × 8 input, a 3 × 3 stride-2 convolution with its ReLU (4 × 4 × 2), then global pooling. */
const ROWS: LayerRow[] = [
  row(0, 'input', 'InputLayer', [null, 8, 8, 3], null),
  row(1, 'conv', 'Conv2D', [null, 4, 4, 2], 3),
  row(2, 'conv_relu', 'ReLU', [null, 4, 4, 2], null),
  row(3, 'pool', 'GlobalAveragePooling2D', [null, 2], null),
];
/** 'same' padding on 8 pixels with stride 2 pads nothing before: the first field is centred on pixel 1. */
const CONV_FIELD: ReceptiveField = { name: 'conv_relu', size: [3, 3], jump: [2, 2], start: [1, 1] };
const FIELDS = new Map<string, ReceptiveField>([
  ['conv', { ...CONV_FIELD, name: 'conv' }],
  ['conv_relu', CONV_FIELD],
  ['pool', { name: 'pool', size: [9, 9], jump: [8, 8], start: [4, 4] }],
]);

/** conv_relu on a scan, [4, 4, 2] interleaved: channel 0 counts 0..15, channel 1 is 0 but for a 5 at (1, 0). */
function activation() {
  const data = new Float32Array(32);
  for (let i = 0; i < 16; i++) data[2 * i] = i;
  data[2 * 4 + 1] = 5;
  return { name: 'conv_relu', shape: [4, 4, 2], data };
}

const texts = (root: HTMLElement, selector: string): string[] =>
  [...root.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('activation browser renderer', () => {
  test('layer list and architecture table from the model rows', () => {
    const root = mount(MARKUP);
    const select = root.querySelector('[data-role="layer"]') as HTMLSelectElement;
    fillLayerSelect(select, ROWS.slice(1, 3), 'conv_relu');
    expect(texts(root, '[data-role="layer"] option')).toEqual([
      '1. conv (Conv2D) · 4 × 4 × 2',
      '2. conv_relu (ReLU) · 4 × 4 × 2',
    ]);
    expect(select.value).toBe('conv_relu');
    expect(select.disabled).toBe(false);
    fillArchTable(root.querySelector('[data-role="arch"]') as HTMLElement, ROWS, FIELDS);
    const cells = [...root.querySelectorAll('[data-role="arch"] tr')].map((tr) => texts(tr as HTMLElement, 'td'));
    expect(cells[1]).toEqual(['1', 'conv', 'Conv2D', '4 × 4 × 2', '54', '3 × 3 / 2', '3', '2']);
    expect(cells[0]).toEqual(['0', 'input', 'InputLayer', '8 × 8 × 3', '0', '', '', '']);
    // A vector has a field but no grid of positions: no jump.
    expect(cells[3]?.slice(3)).toEqual(['2', '0', '', '9', '']);
  });

  test('prediction bars, the notice and the head select', () => {
    const root = mount(MARKUP);
    showPrediction(root, ['NORMAL', 'PNEUMONIA'], [0.25, 0.75]);
    const items = [...root.querySelectorAll('[data-role="prediction"] li')];
    expect(items.map((li) => li.querySelector('span')?.textContent?.split(':')[0])).toEqual(['NORMAL', 'PNEUMONIA']);
    expect(items.map((li) => (li.querySelector('.bar') as HTMLElement).style.width)).toEqual(['25%', '75%']);
    showNotice(root, 'A teaching model.');
    expect((root.querySelector('[data-role="notice"]') as HTMLElement).hidden).toBe(false);
    showNotice(root, null);
    expect((root.querySelector('[data-role="notice"]') as HTMLElement).hidden).toBe(true);
    showTask(root, 'oct');
    expect((root.querySelector('[data-role="task"]') as HTMLSelectElement).value).toBe('oct');
  });

  test('a layer: its description, statistics, one pressed channel button per channel, its table row', () => {
    const root = mount(MARKUP);
    fillLayerSelect(root.querySelector('[data-role="layer"]') as HTMLSelectElement, ROWS.slice(1, 3), 'conv');
    fillArchTable(root.querySelector('[data-role="arch"]') as HTMLElement, ROWS, FIELDS);
    const map = activation();
    const stats = activationStats(map.data);
    showLayer(root, { activation: map, type: 'ReLU', field: CONV_FIELD, stats, scale: 'gray' }, 1);
    expect((root.querySelector('[data-role="layer"]') as HTMLSelectElement).value).toBe('conv_relu');
    expect(root.querySelector('[data-role="layer-info"]')?.textContent).toBe(
      'ReLU, output 4 × 4 × 2 (rows × columns × channels). Each position sees 3 × 3 pixels of the scan; ' +
        'neighbouring positions are 2 px apart.',
    );
    expect(texts(root, '[data-role^="stat-"]')).toEqual(['0', '15', '3.91', '50%']);
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-role="grid"] button')];
    // The tabindex attribute, as linkedom's tabIndex getter reads 0 as -1.
    expect(buttons.map((b) => [b.getAttribute('aria-pressed'), b.getAttribute('tabindex')])).toEqual([
      ['false', '-1'],
      ['true', '0'],
    ]);
    expect(buttons[1]?.getAttribute('aria-label')).toBe('Channel 2, largest value 5');
    expect(buttons.map((b) => b.querySelector('.cnn__flat'))).toEqual([null, null]);

    expect(root.querySelector('[data-role="grid"] canvas')?.getAttribute('width')).toBe('4');
    expect(root.querySelector('tr[aria-current="true"]')?.getAttribute('data-layer')).toBe('conv_relu');
    markChosen(root.querySelector('[data-role="grid"]') as HTMLElement, 0);
    expect(buttons.map((b) => [b.getAttribute('aria-pressed'), b.getAttribute('tabindex')])).toEqual([
      ['true', '0'],
      ['false', '-1'],
    ]);
    // A channel that is zero everywhere on this scan is labelled silent, on the thumbnail and in its name.
    const silent = { ...map, data: new Float32Array(32).map((_, i) => (i % 2 === 0 ? i : 0)) };
    showLayer(root, { activation: silent, type: 'ReLU', field: CONV_FIELD, stats, scale: 'gray' }, 1);
    const flat = root.querySelectorAll<HTMLButtonElement>('[data-role="grid"] button')[1]!;
    expect([flat.dataset.flat, flat.getAttribute('aria-label'), flat.textContent]).toEqual([
      'silent',
      'Channel 2, silent: zero everywhere on this scan',
      'silent',
    ]);
  });

  test('the enlarged channel: value, caption and the chosen cell outlined', () => {
    const root = mount(MARKUP);
    const value = showZoom(root, activation(), 'gray', { task: '', layer: 'conv_relu', channel: 1, row: 1, col: 0 });
    expect(value).toBe(5);
    expect(root.querySelector('[data-role="zoom-caption"]')?.textContent).toBe('Channel 2 of 2: row 2, column 1 = 5');
    expect(root.querySelector('[data-role="zoom"]')?.getAttribute('aria-label')).toContain(
      'Channel 2 of layer conv_relu',
    );
    const marker = root.querySelector('[data-role="cell-marker"]') as HTMLElement;
    expect([marker.hidden, marker.style.top, marker.style.left, marker.style.width]).toEqual([
      false,
      '25%',
      '0%',
      '25%',
    ]);
    expect(root.querySelector('[data-role="scale-note"]')?.textContent).toContain('grey scale');
  });

  test('receptive fields: inside the scan solid; a field reaching beyond the scan is clipped, its open sides dashed', () => {
    expect(fieldOnScan(CONV_FIELD, 1, 1, 8)).toEqual({
      top: 2,
      left: 2,
      bottom: 5,
      right: 5,
      beyond: { top: false, left: false, bottom: false, right: false },
      share: 9 / 64,
      whole: false,
    });
    // The last position's field (pixels 6–8) hangs one pixel over the bottom and right edges.
    expect(fieldOnScan(CONV_FIELD, 3, 3, 8)).toMatchObject({
      bottom: 8,
      right: 8,
      beyond: { bottom: true, right: true },
    });
    const wide: ReceptiveField = { name: 'deep', size: [11, 11], jump: [4, 4], start: [1, 1] };
    // A deep layer's field, 11 px wide around pixel 1: four pixels of it lie above and left of the scan.
    expect(fieldOnScan(wide, 0, 0, 8)).toEqual({
      top: 0,
      left: 0,
      bottom: 7,
      right: 7,
      beyond: { top: true, left: true, bottom: false, right: false },
      share: 49 / 64,
      whole: false,
    });
    // The same field one position further in (pixels 0–10) covers the whole 8 px scan and overhangs the far sides.
    expect(fieldOnScan(wide, 1, 1, 8)).toMatchObject({ share: 1, whole: true, beyond: { top: false, bottom: true } });
    const root = mount(MARKUP);
    showField(root, wide, { task: '', layer: 'deep', channel: 0, row: 0, col: 0 }, 8, 'deep');
    const marker = root.querySelector('[data-role="rf-marker"]') as HTMLElement;
    expect([marker.style.top, marker.style.left, marker.style.height, marker.style.width]).toEqual([
      '0%',
      '0%',
      '87.5%',
      '87.5%',
    ]);
    expect([
      marker.style.borderTopStyle,
      marker.style.borderLeftStyle,
      marker.style.borderBottomStyle,
      marker.style.borderRightStyle,
    ]).toEqual(['dashed', 'dashed', 'solid', 'solid']);
    expect(root.querySelector('[data-role="rf-text"]')?.textContent).toBe(
      'Outlined: what the position (row 1, column 1) of deep can see. Its field is 11 × 11 px, and it covers ' +
        '76.6% of the 8 × 8 px scan: it hangs over the top and left edge into the padding. ' +
        'Dashed sides: the field goes on into the padding.',
    );
  });
});
