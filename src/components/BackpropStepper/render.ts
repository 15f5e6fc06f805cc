/** Backprop step-through view: the scan with the crop outlined, the current node as a grid of cells, the check table. */
import type { WeightCheck } from '../../lib/model/lessons/backprop';
import { part as partOf } from '../../lib/view/dom';
import { drawMap } from '../../lib/view/heatmap';
import { placeMarker } from '../../lib/view/map-marker';
import { STEP_COUNT, type NodeView } from './steps';
import { STRINGS } from './strings';

const OWNER = 'backprop step-through';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

export function drawScan(root: HTMLElement, gray: Float32Array, size: number): void {
  drawMap(part<HTMLCanvasElement>(root, 'scan'), { width: size, height: size, values: gray }, 'gray', {
    min: 0,
    max: 255,
  });
}

export function showCrop(root: HTMLElement, row: number, col: number, size: number): void {
  placeMarker(part(root, 'crop-marker'), { top: row, left: col, height: 8, width: 8 }, size, size);
  part(root, 'crop-text').textContent = STRINGS.crop(row, col);
}

const cellName = (view: NodeView, i: number): string =>
  view.rows === 1 ? String(i + 1) : `${Math.floor(i / view.cols) + 1},${(i % view.cols) + 1}`;

/** The node as a table of buttons (one per cell; the shown number is the value forward, the gradient backward). */
export function showNode(root: HTMLElement, step: number, view: NodeView, selected: number): void {
  part(root, 'step-text').textContent = STRINGS.ready(step, STEP_COUNT, view.name);
  part(root, 'node-name').textContent = view.name;
  part<HTMLButtonElement>(root, 'back').disabled = step === 0;
  part<HTMLButtonElement>(root, 'next').disabled = step >= STEP_COUNT - 1;
  const doc = root.ownerDocument;
  const table = doc.createElement('table');
  table.className = 'bp__grid';
  const body = doc.createElement('tbody');
  for (let r = 0; r < view.rows; r++) {
    const tr = doc.createElement('tr');
    for (let c = 0; c < view.cols; c++) {
      const i = r * view.cols + c;
      const shown = view.gradients ? (view.gradients[i] ?? 0) : (view.values[i] ?? 0);
      const td = doc.createElement('td');
      const button = doc.createElement('button');
      button.type = 'button';
      button.dataset.cell = String(i);
      button.textContent = STRINGS.format(Number(shown.toPrecision(2)));
      button.setAttribute('aria-label', `${STRINGS.cell(view.name, cellName(view, i))}: ${STRINGS.format(shown)}`);
      button.setAttribute('aria-pressed', String(i === selected));
      if (view.gradients && shown === 0) button.classList.add('is-zero');
      td.append(button);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  part(root, 'node').replaceChildren(table);
}

export function showDetail(root: HTMLElement, text: string): void {
  part(root, 'detail').textContent = text;
}

export function showCheck(root: HTMLElement, checks: readonly WeightCheck[] | null, summary: string): void {
  part(root, 'check-summary').textContent = summary;
  const area = part(root, 'check');
  if (!checks) {
    area.replaceChildren();
    return;
  }
  const doc = root.ownerDocument;
  const table = doc.createElement('table');
  const head = doc.createElement('thead');
  head.innerHTML =
    '<tr><th scope="col">weight</th><th scope="col">by hand</th><th scope="col">tf.grads</th><th scope="col">finite difference</th><th scope="col">|hand − tf|</th></tr>';
  const body = doc.createElement('tbody');
  for (const c of checks) {
    const tr = doc.createElement('tr');
    const cells = [c.name, c.byHand, c.tfGrad, c.kink ? 'kink' : c.finiteDifference, c.tfError];
    cells.forEach((v, i) => {
      const td = doc.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) td.setAttribute('scope', 'row');
      td.textContent = typeof v === 'number' ? STRINGS.format(v) : v;
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(head, body);
  area.replaceChildren(table);
}
