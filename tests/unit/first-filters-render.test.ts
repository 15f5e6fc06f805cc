/**
 * The first-filters renderer in Node (linkedom): filter cards from fixed weights, maps on one common scale, legend
 * and controls. Canvas drawing is checked through a stub 2D context that records each putImageData.
 */
import { describe, expect, test } from 'vitest';
import { drawInput, drawMaps, showControls, showLayer, showLegend } from '../../src/components/FirstFilters/render';
import type { ConvFilters } from '../../src/lib/model/lessons/first-layer';
import { mount, stubCanvas2d } from './dom-stub';

const MARKUP = `
  <input type="radio" data-role="mode" value="raw" /><input type="radio" data-role="mode" value="block" />
  <p data-role="layer-info"></p>
  <canvas data-role="input"></canvas>
  <ol data-role="filters"></ol>
  <p data-role="legend"></p>`;

/** What each stub context last received: the canvas's pixels. */
const drawn = stubCanvas2d();

function pixel(canvas: Element | null, x: number, y: number): number[] {
  const image = drawn.get(canvas as object);
  if (!image) throw new Error('nothing was drawn on this canvas');
  const i = (y * image.width + x) * 4;
  return Array.from(image.data.slice(i, i + 3));
}

/**
 * Three 3 × 3 × 3 filters, weights stored [kh, kw, in, count] as tfjs does: a grey vertical-edge filter (each colour
 * channel a third of Sobel's kernel), a dead one (all zero) and a colour-contrast one (red +1, blue −1).
 */
function filters(): ConvFilters {
  const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
  const weights = new Float32Array(3 * 3 * 3 * 3);
  for (let cell = 0; cell < 9; cell++) {
    for (let ch = 0; ch < 3; ch++) {
      const at = (cell * 3 + ch) * 3;
      weights[at] = (sobel[cell] ?? 0) / 3;
      weights[at + 2] = ch === 0 ? 1 : ch === 2 ? -1 : 0;
    }
  }
  const layer = { layerName: 'conv1', kernelHeight: 3, kernelWidth: 3, inChannels: 3, count: 3 };
  return { ...layer, strides: [2, 2], padding: 'same', weights, bias: null };
}

describe('first-filters renderer', () => {
  test('one card per filter: its kind, grey kernel, swatch and a button only for filters worth trying', () => {
    const root = mount(MARKUP);
    showLayer(root, filters(), [112, 112]);
    expect(root.querySelector('[data-role="layer-info"]')?.textContent).toContain(
      'Layer “conv1” of the loaded model: 3 filters of 3 × 3 × 3 weights, stride 2, padding “same”; on a scan it ' +
        'gives 112 × 112 outputs per filter.',
    );
    const cards = [...root.querySelectorAll('ol > li')];
    expect(cards.map((card) => card.getAttribute('data-kind'))).toEqual(['grey', 'dead', 'colour']);
    const kernel = [...cards[0]!.querySelectorAll('table td')].map((td) => td.textContent);
    expect(kernel).toEqual(['−1', '0', '1', '−2', '0', '2', '−1', '0', '1']);
    expect([...cards[2]!.querySelectorAll('table td')].every((td) => td.textContent === '0')).toBe(true);
    expect(cards.map((card) => card.querySelector('button')?.getAttribute('aria-label') ?? null)).toEqual([
      "Load filter 1's grey kernel into the convolution explorer above",
      null,
      "Load filter 3's grey kernel into the convolution explorer above",
    ]);
    expect(cards[1]!.querySelector('.ff__kind')?.textContent).toContain('dead filter');
    expect(cards[1]!.querySelector('.ff__title')?.textContent).toBe('Filter 2 · dead');
    expect(cards[1]!.querySelector('.ff__swatch')?.getAttribute('aria-label')).toContain('A dead filter');
    expect(cards[1]!.querySelector('[data-role="map"]')?.getAttribute('aria-label')).toContain('the filter is dead');
    expect(cards[0]!.querySelector('.ff__title')?.textContent).toBe('Filter 1');
    expect(cards[2]!.querySelector('.ff__kind')?.textContent).toContain('colour-contrast');
    for (const canvas of root.querySelectorAll('ol canvas')) expect(canvas.getAttribute('aria-label')).toBeTruthy();
    // The colour filter's swatch: red weight +1 → full red, green 0 → mid-grey, blue −1 → no blue.
    expect(pixel(cards[2]!.querySelector('.ff__swatch'), 0, 0)).toEqual([255, 128, 1]);
  });

  test('maps share one scale: raw diverging around 0, block grey from 0; stats, ranges and legend follow', () => {
    const root = mount(MARKUP);
    showLayer(root, filters(), [2, 2]);
    // [2, 2, 3] responses, channels interleaved: filter 1 = [1, −2, 0.5, 0], filter 2 = [4, 0, 0, −1], filter 3 = 0.
    const data = Float32Array.from([1, 4, 0, -2, 0, 0, 0.5, 0, 0, 0, -1, 0]);
    const stats = drawMaps(root, data, [2, 2, 3], 'raw');
    expect(stats[0]).toEqual({ filter: 0, min: -2, max: 1, mean: -0.125 });
    expect(stats[1]).toEqual({ filter: 1, min: -1, max: 4, mean: 0.75 });
    const maps = root.querySelectorAll('[data-role="map"]');
    expect(pixel(maps[1]!, 0, 0)).toEqual([255, 0, 0]); // +4, the largest |value| of all maps: full red
    expect(pixel(maps[0]!, 1, 0)).toEqual([128, 128, 255]); // −2 is half of it: half blue
    expect(root.querySelectorAll('[data-role="range"]')[0]?.textContent).toBe('from −2 to 1');
    showLegend(root, 'raw', stats, 'relu6');
    expect(root.querySelector('[data-role="legend"]')?.textContent).toContain('Blue = −4, white = 0, red = +4');
    drawMaps(root, data, [2, 2, 3], 'block');
    expect(pixel(maps[0]!, 0, 0)).toEqual([64, 64, 64]); // 1 of 4: a quarter of the way to white
    showLegend(root, 'block', stats, 'relu6');
    expect(root.querySelector('[data-role="legend"]')?.textContent).toContain('(relu6): black = 0, white = 4');
  });

  test('the scan on its own 0–255 grey scale; the radios show the mode', () => {
    const root = mount(MARKUP);
    drawInput(root, { width: 2, height: 1, values: [0, 255] });
    const input = root.querySelector('[data-role="input"]');
    expect([pixel(input, 0, 0), pixel(input, 1, 0)]).toEqual([
      [0, 0, 0],
      [255, 255, 255],
    ]);
    showControls(root, { mode: 'block' });
    const radios = [...root.querySelectorAll<HTMLInputElement>('[data-role="mode"]')];
    expect(radios.map((radio) => radio.checked)).toEqual([false, true]);
  });
});
