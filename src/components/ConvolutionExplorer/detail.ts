/**
 * The detail of one output pixel: its input patch, the kernel and the products side by side, then the sum term by
 * term, the divisor, and the value tf.conv2d computed there (read from the output map, not recomputed).
 */
import type { PatchDetail } from '../../lib/model/lessons/convolution';
import { part, text } from '../../lib/view/dom';
import { OWNER, STRINGS, formatNumber } from './strings';

function table(
  detail: PatchDetail,
  size: number,
  value: (cell: PatchDetail['cells'][number]) => number,
  className: string,
): HTMLTableElement {
  const element = document.createElement('table');
  element.className = className;
  const body = document.createElement('tbody');
  for (let p = 0; p < size; p++) {
    const row = document.createElement('tr');
    for (let q = 0; q < size; q++) {
      const cell = detail.cells[p * size + q];
      const td = document.createElement('td');
      row.append(td);
      if (!cell) continue;
      td.textContent = formatNumber(value(cell));
      if (!cell.inside) td.className = 'outside';
    }
    body.append(row);
  }
  element.append(body);
  return element;
}

function figure(caption: string, content: HTMLElement): HTMLElement {
  const element = document.createElement('figure');
  const label = document.createElement('figcaption');
  label.textContent = caption;
  element.append(label, content);
  return element;
}

function paragraph(text: string, className = ''): HTMLParagraphElement {
  const element = document.createElement('p');
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** Renders the detail of output pixel (i, j); `networkValue` is the output map's value there. */
export function showDetail(
  root: HTMLElement,
  detail: PatchDetail,
  size: number,
  i: number,
  j: number,
  networkValue: number,
): void {
  text(root, 'detail-heading', STRINGS.detailHeading(i, j), OWNER);
  const patch = figure(
    STRINGS.patchCaption(detail.top, detail.top + size - 1, detail.left, detail.left + size - 1),
    table(detail, size, (c) => c.x, 'cv-x'),
  );
  if (detail.cells.some((c) => !c.inside)) patch.append(paragraph(STRINGS.patchNote));
  part(root, 'detail-grids', OWNER).replaceChildren(
    patch,
    figure(
      STRINGS.kernelCaption,
      table(detail, size, (c) => c.weight, 'cv-k'),
    ),
    figure(
      STRINGS.productsCaption,
      table(detail, size, (c) => c.term, ''),
    ),
  );
  const terms = detail.cells.map((c) => (c.term < 0 ? `(${formatNumber(c.term)})` : formatNumber(c.term))).join(' + ');
  const sums = part(root, 'detail-sums', OWNER);
  const lines = [paragraph(STRINGS.sum(terms, formatNumber(detail.sumOfTerms)))];
  if (detail.divisor !== 1)
    lines.push(
      paragraph(
        STRINGS.divide(formatNumber(detail.sumOfTerms), formatNumber(detail.divisor), formatNumber(detail.value)),
      ),
    );
  lines.push(paragraph(STRINGS.network(i, j, formatNumber(networkValue)), 'cv-result'));
  sums.replaceChildren(...lines);
  Object.assign(sums.dataset, {
    row: String(i),
    col: String(j),
    terms: JSON.stringify(detail.cells.map((c) => c.term)),
    divisor: String(detail.divisor),
    value: String(detail.value),
    network: String(networkValue),
  });
}
