/** Backbone inspector view: the input as the network receives it, ImageNet's top guesses, the layer table. */
import type { LayerRow } from '../../lib/model/core/backbone';
import type { Ranked } from '../../lib/model/core/imagenet';
import { part as partOf } from '../../lib/view/dom';
import { shapeCells, shortLabel } from './state';
import { STRINGS, formatCount } from './strings';

const OWNER = 'backbone inspector';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

/** Draws a size × size grey image (0–255) on the preview canvas. */
export function drawInput(root: HTMLElement, gray: Uint8ClampedArray, size: number): void {
  const canvas = part<HTMLCanvasElement>(root, 'preview');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return;
  const rgba = new Uint8ClampedArray(size * size * 4);
  gray.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  context.putImageData(new ImageData(rgba, size, size), 0, 0);
}

export function showInputSize(root: HTMLElement, size: number): void {
  part(root, 'input-shape').textContent = STRINGS.inputShape(size);
}

export function showCaption(root: HTMLElement, caption: string): void {
  part(root, 'caption').textContent = caption;
}

export function showTop(root: HTMLElement, ranked: readonly Ranked[]): void {
  const list = part(root, 'top5');
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...ranked.map((entry) => {
      const item = doc.createElement('li');
      const label = doc.createElement('span');
      label.textContent = STRINGS.guess(shortLabel(entry.label), entry.probability);
      const bar = doc.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, entry.probability * 100)}%`;
      bar.setAttribute('aria-hidden', 'true');
      item.append(label, bar);
      return item;
    }),
  );
}

export function showLayers(root: HTMLElement, rows: readonly LayerRow[]): void {
  part(root, 'layer-count').textContent = formatCount(rows.length);
  const body = part(root, 'layers');
  const doc = body.ownerDocument;
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = doc.createElement('tr');
      const cells = [
        formatCount(row.index),
        row.name,
        row.type,
        STRINGS.shape(shapeCells(row.outputShape)),
        formatCount(row.params),
      ];
      cells.forEach((text, i) => {
        const td = doc.createElement('td');
        td.textContent = text;
        if (i === 0 || i === 4) td.className = 'num';
        tr.append(td);
      });
      return tr;
    }),
  );
}
