/** Pooling explorer view: state and computed grids → canvases, outlines and the table of one window's numbers. */
import type { Grid } from '../../lib/model/core/grid';
import { poolByHand, valuesIn, windowOf, type PoolOp } from '../../lib/model/lessons/pooling';
import { part as partOf } from '../../lib/view/dom';
import { drawMap } from '../../lib/view/heatmap';
import { placeMarker } from '../../lib/view/map-marker';
import type { PoolState } from './state';
import { STRINGS, format } from './strings';

const OWNER = 'pooling explorer';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

/** Both maps are drawn on one grey scale (`range`), so that max pooling's brightening is visible. */
export function drawGrid(canvas: HTMLCanvasElement, grid: Grid, range: { min: number; max: number }): void {
  drawMap(canvas, grid, 'gray', range);
}

export function showControls(root: HTMLElement, state: PoolState): void {
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="source"]'))
    radio.checked = radio.value === state.source;
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="op"]'))
    radio.checked = radio.value === state.op;
  part<HTMLInputElement>(root, 'window').value = String(state.window);
  part<HTMLInputElement>(root, 'stride').value = String(state.stride);
  part(root, 'window-out').textContent = STRINGS.windowSize(state.window);
  part(root, 'stride-out').textContent = String(state.stride);
}

export function showSizes(root: HTMLElement, before: Grid, after: Grid): void {
  part(root, 'before-size').textContent = STRINGS.size(before.height, before.width);
  part(root, 'after-size').textContent = STRINGS.size(after.height, after.width);
  part(root, 'reduction').textContent = STRINGS.reduction(before.values.length, after.values.length);
}

/** Outlines the inspected cell and its window, writes the readout and the window's numbers; returns the cell's value. */
export function showCell(root: HTMLElement, state: PoolState, before: Grid, after: Grid): number {
  const win = windowOf(state.row, state.col, state.window, state.stride);
  placeMarker(
    part(root, 'window-marker'),
    { top: win.top, left: win.left, height: win.size, width: win.size },
    before.width,
    before.height,
  );
  placeMarker(
    part(root, 'cell-marker'),
    { top: state.row, left: state.col, height: 1, width: 1 },
    after.width,
    after.height,
  );
  const value = after.values[state.row * after.width + state.col] ?? 0;
  part(root, 'readout').textContent = STRINGS.cellLabel(
    state.row,
    state.col,
    state.op,
    value,
    win.top,
    win.left,
    state.window,
  );
  part(root, 'numbers').replaceChildren(numbersTable(valuesIn(before, win), state.op));
  return value;
}

function numbersTable(values: number[][], op: PoolOp): HTMLTableElement {
  const table = document.createElement('table');
  const largest = op === 'max' ? poolByHand(values, 'max') : Number.NaN;
  const body = document.createElement('tbody');
  for (const row of values) {
    const tr = document.createElement('tr');
    for (const v of row) {
      const td = document.createElement('td');
      td.textContent = format(v);
      if (v === largest) td.className = 'is-max';
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}
