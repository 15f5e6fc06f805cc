/**
 * The convolution explorer's renderers on a server-side DOM (linkedom): fixed grids, kernels and states in; canvas
 * pixels (through a stub 2-D context), legends, outlines, the kernel editor and the term-by-term detail out.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { showDetail } from '../../src/components/ConvolutionExplorer/detail';
import { readKernelEdit, showKernel } from '../../src/components/ConvolutionExplorer/kernel-editor';
import {
  drawInput,
  drawOutput,
  quantile,
  showControls,
  showCursor,
  showSizeFormula,
} from '../../src/components/ConvolutionExplorer/render';
import { DEFAULT_STATE, withChoice, type ConvState } from '../../src/components/ConvolutionExplorer/state';
import { patchAt } from '../../src/lib/model/lessons/convolution';
import { preset } from '../../src/lib/model/lessons/kernels';
import { WidgetMarkupError } from '../../src/lib/view/dom';
import { mountElement, settableValue, stubCanvas2d } from './dom-stub';

/** What each canvas's stub 2-D context last received. */
const drawn = stubCanvas2d();
const globals = globalThis as unknown as { document?: Document };

/** The parts of ConvolutionExplorer.astro the renderers write to. */
function markup(): HTMLElement {
  const root = mountElement(
    '<lb-convolution-explorer data-size="6">' +
      '<select data-role="preset"></select><div data-role="weights"></div><input data-role="divisor">' +
      '<select data-role="stride"></select>' +
      '<input type="radio" name="cv-1-padding" value="valid" data-role="padding">' +
      '<input type="radio" name="cv-1-padding" value="same" data-role="padding">' +
      '<canvas data-role="input"></canvas><span data-role="patch-box" hidden></span><span data-role="input-size"></span>' +
      '<canvas data-role="output"></canvas><span data-role="cursor-box" hidden></span>' +
      '<span data-role="output-size"></span><span data-role="legend"></span>' +
      '<p data-role="detail-heading"></p><div data-role="detail-grids"></div><div data-role="detail-sums"></div>' +
      '<p data-role="size-formula"></p></lb-convolution-explorer>',
    'lb-convolution-explorer',
  );
  // The kernel editor and the detail make their elements with the global document.
  globals.document = root.ownerDocument;
  for (const select of root.querySelectorAll('select')) settableValue(select);
  return root;
}

/** A 6 × 6 scan: brightness rises to the right (10 per column), with one bright pixel. */
const INPUT = {
  width: 6,
  height: 6,
  values: Array.from({ length: 36 }, (_, i) => (i === 14 ? 250 : (i % 6) * 10)),
};

const role = (root: HTMLElement, name: string): HTMLElement =>
  root.querySelector(`[data-role="${name}"]`) as HTMLElement;

afterEach(() => {
  delete globals.document;
});

describe('convolution explorer renderers', () => {
  test('the input is drawn in grey levels 0–255, one canvas pixel per value', () => {
    const root = markup();
    drawInput(root, INPUT);
    const image = drawn.get(role(root, 'input'));
    expect(image).toMatchObject({ width: 6, height: 6 });
    expect(Array.from(image!.data.slice(0, 4))).toEqual([0, 0, 0, 255]);
    expect(image!.data[14 * 4]).toBe(250);
    expect(role(root, 'input-size').textContent).toBe('Input: 6 × 6 pixels, brightness 0–255.');
  });

  test('a zero-sum kernel draws around 0 and says so; another spans its own low to high', () => {
    const root = markup();
    const output = { width: 3, height: 2, values: [-40, -20, 0, 0, 20, 40] };
    drawOutput(root, output, preset('sobel-x'));
    expect(role(root, 'output-size').textContent).toBe('Output: 3 × 2 pixels.');
    expect(role(root, 'legend').textContent).toContain('Blue = −40 or less, white = 0, red = +40 or more');
    expect(role(root, 'legend').textContent).toContain('all from −40 to 40');
    expect(drawn.get(role(root, 'output'))).toMatchObject({ width: 3, height: 2 });
    drawOutput(root, { width: 2, height: 1, values: [10, 30] }, preset('box3'));
    expect(role(root, 'legend').textContent).toBe(
      'Black = 10 or less, white = 30 or more (98 % of pixels lie between; all lie from 10 to 30).',
    );
    const image = drawn.get(role(root, 'output'));
    expect(Array.from(image!.data)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
  });

  test('the size arithmetic and the outlines of the pixel and its patch', () => {
    const root = markup();
    const state: ConvState = { ...DEFAULT_STATE, stride: 2, padding: 'same' };
    showSizeFormula(root, 6, state);
    expect(role(root, 'size-formula').textContent).toBe(
      'n = 6, k = 3, s = 2, padding “same” adds 0 before and 1 after: ⌊(6 + 0 + 1 − 3) / 2⌋ + 1 = 3',
    );
    showCursor(root, { row: 1, col: 2 }, INPUT, { width: 3, height: 3, values: new Array(9).fill(0) }, state);
    const cursor = role(root, 'cursor-box');
    expect(cursor.hidden).toBe(false);
    expect(cursor.getAttribute('style')).toContain('left:66.66');
    const patch = role(root, 'patch-box').getAttribute('style') ?? '';
    expect(patch).toContain('top:33.33');
    expect(patch).toContain('left:66.66');
    expect(patch).toContain('width:50%');
  });

  test('controls: the kernel grid follows the kernel size; an invalid edit is flagged', () => {
    const root = markup();
    const state = { ...withChoice(DEFAULT_STATE, 'gauss5'), stride: 3, padding: 'valid' as const };
    showControls(root, state);
    const inputs = root.querySelectorAll<HTMLInputElement>('input[data-role="weight"]');
    expect(inputs).toHaveLength(25);
    expect(inputs[12]?.value).toBe('36');
    expect(inputs[24]?.getAttribute('aria-label')).toBe('Weight, row 5, column 5');
    expect(role(root, 'weights').getAttribute('style')).toContain('--k:5');
    expect((role(root, 'divisor') as HTMLInputElement).value).toBe('256');
    expect((role(root, 'preset') as HTMLSelectElement).value).toBe('gauss5');
    expect((role(root, 'stride') as HTMLSelectElement).value).toBe('3');
    const checked = [...root.querySelectorAll<HTMLInputElement>('input[data-role="padding"]')].filter((r) => r.checked);
    expect(checked.map((r) => r.value)).toEqual(['valid']);
    showKernel(root, DEFAULT_STATE);
    expect(root.querySelectorAll('input[data-role="weight"]')).toHaveLength(9);
    const divisor = role(root, 'divisor') as HTMLInputElement;
    divisor.value = '0';
    expect(readKernelEdit(DEFAULT_STATE, divisor)).toBe(DEFAULT_STATE);
    expect(divisor.getAttribute('aria-invalid')).toBe('true');
    divisor.value = '2';
    expect(readKernelEdit(DEFAULT_STATE, divisor).kernel.divisor).toBe(2);
    expect(divisor.hasAttribute('aria-invalid')).toBe(false);
  });

  test('the detail: patch, kernel and products, then the sum, the divisor and tf.conv2d’s value', () => {
    const root = markup();
    const kernel = { size: 3, weights: [0, 0, 0, 0, 1, 1, 0, 0, 0], divisor: 2 };
    const detail = patchAt(INPUT, kernel, 1, 'same', 0, 5);
    showDetail(root, detail, 3, 0, 5, 25);
    expect(role(root, 'detail-heading').textContent).toBe('Output pixel y(0, 5): row 0, column 5');
    const tables = root.querySelectorAll('[data-role="detail-grids"] table');
    expect(tables).toHaveLength(3);
    expect(tables[0]?.className).toBe('cv-x');
    expect(tables[0]?.querySelectorAll('td.outside')).toHaveLength(5);
    expect(tables[2]?.querySelectorAll('tr')[1]?.textContent).toBe('0500');
    expect(root.querySelector('[data-role="detail-grids"] figure p')?.textContent).toContain('padding zeros');
    const sums = role(root, 'detail-sums');
    const lines = [...sums.querySelectorAll('p')].map((p) => p.textContent);
    expect(lines).toEqual([
      'Sum of the products: 0 + 0 + 0 + 0 + 50 + 0 + 0 + 0 + 0 = 50',
      'Divided by the divisor: 50 ÷ 2 = 25',
      'tf.conv2d computed y(0, 5) = 25',
    ]);
    expect(sums.querySelector('.cv-result')).not.toBeNull();
    expect(sums.dataset).toMatchObject({ row: '0', col: '5', divisor: '2', value: '25', network: '25' });
    expect(JSON.parse(sums.dataset.terms ?? '[]')).toEqual([0, 0, 0, 0, 50, 0, 0, 0, 0]);
  });

  test('a missing part is an error naming the widget', () => {
    const root = markup();
    role(root, 'legend').removeAttribute('data-role');
    expect(() => drawOutput(root, INPUT, preset('box3'))).toThrow(WidgetMarkupError);
    expect(() => drawOutput(root, INPUT, preset('box3'))).toThrow(/convolution explorer.*legend/);
  });
});
