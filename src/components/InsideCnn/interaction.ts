/**
 * Mouse, touch and keyboard for the activation browser: the channel grid (roving focus with arrows, Home/End,
 * PageUp/PageDown; click, Enter or Space enlarges) and the enlarged channel (pointer or arrows choose a position,
 * whose value is shown and whose receptive field is outlined on the scan). Nothing here runs the network.
 */
import { cellAt } from '../../lib/view/heatmap';
import { markChosen, part } from './render';
import type { View } from './run';
import { gridKey, positionKey } from './state';

function columnsOf(grid: HTMLElement): number {
  return getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length || 1;
}

export function bindInspection(view: View, onChange: () => void): void {
  const grid = part(view.root, 'grid');
  grid.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-channel]');
    if (!button || !view.activation) return;
    view.state = { ...view.state, channel: Number(button.dataset.channel) };
    markChosen(grid, view.state.channel);
    onChange();
  });
  grid.addEventListener('keydown', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-channel]');
    const buttons = grid.querySelectorAll<HTMLButtonElement>('button[data-channel]');
    if (!button) return;
    const next = gridKey(Number(button.dataset.channel), event.key, columnsOf(grid), buttons.length);
    if (next === null) return;
    event.preventDefault();
    button.tabIndex = -1;
    const target = buttons[next];
    if (!target) return;
    target.tabIndex = 0;
    target.focus();
  });
  bindZoom(view, onChange);
}

function bindZoom(view: View, onChange: () => void): void {
  const canvas = part<HTMLCanvasElement>(view.root, 'zoom');
  const pick = (event: PointerEvent): void => {
    const cell = cellAt(canvas, event);
    if (!cell || !view.activation) return;
    if (cell.row === view.state.row && cell.col === view.state.col) return;
    view.state = { ...view.state, row: cell.row, col: cell.col };
    onChange();
  };
  canvas.addEventListener('pointermove', pick);
  canvas.addEventListener('pointerdown', (event) => {
    canvas.focus();
    pick(event);
  });
  canvas.addEventListener('keydown', (event) => {
    const shape = view.activation?.shape;
    if (!shape) return;
    const next = positionKey(view.state, event.key, event.shiftKey, shape[0] ?? 1, shape[1] ?? 1);
    if (!next) return;
    event.preventDefault();
    view.state = { ...next, channel: view.state.channel };
    onChange();
  });
}
