/**
 * The backbone inspector's renderer in Node (linkedom): fixed guesses and layer rows in, list items, bars and table
 * cells out. The input preview is checked through a stub 2D context that records the putImageData it receives.
 */
import { describe, expect, test } from 'vitest';
import {
  drawInput,
  showCaption,
  showInputSize,
  showLayers,
  showTop,
} from '../../src/components/BackboneInspector/render';
import { WidgetMarkupError } from '../../src/lib/view/dom';
import { mount, stubCanvas2d } from './dom-stub';

/** The parts of BackboneInspector.astro the renderer writes to. */
const MARKUP = `
  <canvas data-role="preview"></canvas>
  <span data-role="input-shape"></span><span data-role="caption"></span>
  <ol data-role="top5"></ol>
  <span data-role="layer-count">the</span>
  <table><tbody data-role="layers"></tbody></table>`;

const drawn = stubCanvas2d();

const TOP = [
  { index: 281, label: 'tabby, tabby cat', probability: 0.425 },
  { index: 1, label: 'goldfish', probability: 0.004 },
];

const LAYERS = [
  {
    index: 0,
    name: 'input_1',
    type: 'InputLayer',
    outputShape: [null, 224, 224, 3],
    params: 0,
    kernel: null,
    stride: null,
  },
  { index: 1, name: 'conv1', type: 'Conv2D', outputShape: [null, 112, 112, 8], params: 216, kernel: 3, stride: 2 },
  { index: 2, name: 'dense', type: 'Dense', outputShape: [null, 1000], params: 1_025_000, kernel: null, stride: null },
];

describe('backbone inspector renderer', () => {
  test('the top guesses: first names of the labels, percentages, and a bar each (hidden from screen readers)', () => {
    const root = mount(MARKUP);
    showTop(root, TOP);
    const items = [...root.querySelectorAll('[data-role="top5"] li')];
    expect(items).toHaveLength(2);
    expect(items[0]?.querySelector('span')?.textContent).toMatch(/^tabby — 42[.,]5\s?%$/);
    expect(items[1]?.querySelector('span')?.textContent).toMatch(/^goldfish — 0[.,]4\s?%$/);
    const bars = [...root.querySelectorAll<HTMLElement>('.bar')];
    expect(bars.map((bar) => bar.getAttribute('aria-hidden'))).toEqual(['true', 'true']);
    expect(bars[0]?.style.width).toBe('42.5%');
    // A tiny probability still shows a sliver of bar.
    expect(bars[1]?.style.width).toBe('1%');
    showTop(root, TOP.slice(0, 1));
    expect(root.querySelectorAll('[data-role="top5"] li')).toHaveLength(1);
  });

  test('the layer table: one row per layer, numbers right-aligned, the batch dimension named', () => {
    const root = mount(MARKUP);
    showLayers(root, LAYERS);
    expect(root.querySelector('[data-role="layer-count"]')?.textContent).toBe('3');
    const rows = [...root.querySelectorAll('[data-role="layers"] tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows[0]).toEqual(['0', 'input_1', 'InputLayer', '[batch, 224, 224, 3]', '0']);
    expect(rows[1]).toEqual(['1', 'conv1', 'Conv2D', '[batch, 112, 112, 8]', '216']);
    expect(rows[2]?.[3]).toBe('[batch, 1000]');
    expect(rows[2]?.[4]?.replace(/\D/g, '')).toBe('1025000');
    const numeric = [...root.querySelectorAll('[data-role="layers"] tr:first-child td')].map((td) => td.className);
    expect(numeric).toEqual(['num', '', '', '', 'num']);
  });

  test('the input as the network receives it: grey copied into RGB, opaque, at the input size', () => {
    const root = mount(MARKUP);
    const canvas = root.querySelector('canvas') as HTMLCanvasElement;
    drawInput(root, Uint8ClampedArray.from([0, 64, 128, 255]), 2);
    expect([canvas.width, canvas.height]).toEqual([2, 2]);
    const image = drawn.get(canvas);
    expect(image?.width).toBe(2);
    expect([...(image?.data ?? [])]).toEqual([0, 0, 0, 255, 64, 64, 64, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    showInputSize(root, 224);
    expect(root.querySelector('[data-role="input-shape"]')?.textContent).toBe('224 × 224');
    showCaption(root, 'Kermany et al., CC BY 4.0');
    expect(root.querySelector('[data-role="caption"]')?.textContent).toBe('Kermany et al., CC BY 4.0');
  });

  test('markup without a part fails naming the widget and the part', () => {
    const root = mount('<ol data-role="top5"></ol>');
    expect(() => showLayers(root, LAYERS)).toThrow(WidgetMarkupError);
    expect(() => showLayers(root, LAYERS)).toThrow('backbone inspector');
    expect(() => showLayers(root, LAYERS)).toThrow('data-role="layer-count"');
  });
});
