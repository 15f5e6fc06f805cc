/** The layer-parameters renderer on a server-side DOM (linkedom): fixed counts in, rows, bars and checks out. */
import { describe, expect, test } from 'vitest';
import { ROWS, type Counts } from '../../src/components/LayerParameters/counts';
import { barWidth, showControls, showCount, showCounts } from '../../src/components/LayerParameters/render';
import { layerParametersUrlState } from '../../src/components/LayerParameters/state';
import { formatBytes, formatCount } from '../../src/components/LayerParameters/strings';
import { WidgetMarkupError } from '../../src/lib/view/dom';
import { mountElement, settableValue } from './dom-stub';

/** The parts of LayerParameters.astro the renderer writes to. */
function markup(rows: readonly string[] = ROWS): HTMLElement {
  const items = rows
    .map(
      (id) =>
        `<li data-row="${id}"><dd data-role="params">—</dd><dd data-role="bytes">—</dd>` +
        `<dd data-role="reads">—</dd><dd data-role="outputs">—</dd><span data-role="bar"></span></li>`,
    )
    .join('');
  const root = mountElement(
    '<lb-layer-parameters data-size="224">' +
      '<input type="range" data-role="count" min="1" max="256" value="16"><output data-role="count-value"></output>' +
      '<select data-role="kernel"><option value="1">1</option><option value="3" selected>3</option>' +
      '<option value="5">5</option><option value="7">7</option></select><span data-role="inputs"></span>' +
      `<ul>${items}</ul><li data-role="conv-check"></li><li data-role="dense-check"></li>` +
      '</lb-layer-parameters>',
    'lb-layer-parameters',
  );
  settableValue(root.querySelector('select') as HTMLSelectElement, '3');
  return root;
}

/** 16 filters of 3 × 3 on a 224 × 224 × 3 scan ('same' padding: 224 × 224 × 16 outputs). */
const OUTPUTS = 224 * 224 * 16;
const INPUTS = 224 * 224 * 3;
const COUNTS: Counts = {
  dense: { params: INPUTS * 16 + 16, reads: INPUTS, outputs: 16 },
  'dense-map': { params: INPUTS * OUTPUTS + OUTPUTS, reads: INPUTS, outputs: OUTPUTS },
  unshared: { params: OUTPUTS * 28, reads: 27, outputs: OUTPUTS },
  conv: { params: 448, reads: 27, outputs: OUTPUTS },
  convShape: [224, 224, 16],
  measuredDense: 16 * 16 * 3 * 16 + 16,
  checkInputs: 16 * 16 * 3,
};
const STATE = { count: 16, kernel: 3 };

const cell = (root: HTMLElement, row: string, role: string): string | null | undefined =>
  root.querySelector(`li[data-row="${row}"] [data-role="${role}"]`)?.textContent;

describe('layer-parameters renderer', () => {
  test('controls show the state and the input size', () => {
    const root = markup();
    showControls(root, { count: 64, kernel: 7 }, 224);
    expect(root.querySelector<HTMLInputElement>('[data-role="count"]')?.value).toBe('64');
    expect(root.querySelector<HTMLSelectElement>('[data-role="kernel"]')?.value).toBe('7');
    expect(root.querySelector('[data-role="count-value"]')?.textContent).toBe('64');
    expect(root.querySelector('[data-role="inputs"]')?.textContent).toBe(formatCount(INPUTS));
    showCount(root, { count: 200, kernel: 7 });
    expect(root.querySelector('[data-role="count-value"]')?.textContent).toBe('200');
  });

  test('every row shows its parameters, memory, reads and outputs', () => {
    const root = markup();
    showCounts(root, COUNTS, STATE);
    expect(cell(root, 'conv', 'params')).toBe(formatCount(448));
    expect(cell(root, 'conv', 'bytes')).toBe(formatBytes(448 * 4));
    expect(cell(root, 'conv', 'reads')).toBe('27');
    expect(cell(root, 'dense', 'params')).toBe(formatCount(2_408_464));
    expect(cell(root, 'dense', 'outputs')).toBe('16');
    expect(cell(root, 'unshared', 'params')).toBe(formatCount(22_478_848));
    expect(cell(root, 'dense-map', 'outputs')).toBe(formatCount(OUTPUTS));
  });

  test('bars follow the number of digits; the largest count fills its row', () => {
    const root = markup();
    showCounts(root, COUNTS, STATE);
    const width = (row: string) =>
      root.querySelector<HTMLElement>(`li[data-row="${row}"] [data-role="bar"]`)?.getAttribute('style');
    expect(width('dense-map')).toBe('width:100%');
    const digits = Math.log10(COUNTS['dense-map'].params);
    expect(width('conv')).toBe(`width:${(100 * Math.log10(448)) / digits}%`);
    expect(barWidth(1, 1e9)).toBe('2%');
    expect(barWidth(1000, 1e6)).toBe('50%');
  });

  test('the two checks state the real layers’ counts', () => {
    const root = markup();
    showCounts(root, COUNTS, STATE);
    const conv = root.querySelector('[data-role="conv-check"]')?.textContent ?? '';
    expect(conv).toContain('countParams() = 448 = 3 × 3 × 3 × 16 weights + 16 biases');
    expect(conv).toContain('224 × 224 × 16');
    const dense = root.querySelector('[data-role="dense-check"]')?.textContent ?? '';
    expect(dense).toContain(`countParams() = ${formatCount(12_304)}, exactly 768 × 16 + 16`);
  });

  test('a missing row is an error naming the widget', () => {
    const root = markup(['dense', 'conv']);
    expect(() => showCounts(root, COUNTS, STATE)).toThrow(WidgetMarkupError);
    expect(() => showCounts(root, COUNTS, STATE)).toThrow(/layer-parameters widget.*dense-map/);
  });
});

describe('layer-parameters URL notes (the scaffold shows them in the widget)', () => {
  test('a count beyond the slider is clamped and an unknown kernel falls back, each with a note', () => {
    const { state, notes } = layerParametersUrlState.parse(new URLSearchParams('lp.n=1000&lp.k=4'));
    expect(state).toEqual({ count: 256, kernel: 3 });
    expect(notes).toEqual([
      "The link's lp.n=1000 is beyond the maximum; 256 is used instead.",
      "The link's lp.k=4 is not one of 1, 3, 5, 7; 3 is used.",
    ]);
    expect(layerParametersUrlState.keys).toEqual(['lp.n', 'lp.k']);
  });
});
