/**
 * Mouse, touch and keyboard for the activation browser: the channel grid (roving focus with arrows, Home/End,
 * PageUp/PageDown; click, Enter or Space enlarges) and the enlarged channel (pointer or arrows choose a position,
 * whose value is shown and whose receptive field is outlined on the scan). Nothing here runs the network: every
 * change is pure inspection of the map already read.
 */
import { cellAt } from '../../lib/view/heatmap';
import { markChosen } from './render';
import { gridKey, positionKey, type CnnState } from './state';

/** What the bindings need from the widget. */
export interface Inspection {
  grid: HTMLElement;
  zoom: HTMLCanvasElement;
  state(): CnnState;
  /** The shown map's [height, width, channels]; null before a map is shown. */
  shape(): readonly number[] | null;
  /** Shows another channel or position of the shown map. */
  show(next: CnnState): void;
  /** addEventListener, removed when the widget is disposed. */
  listen(target: EventTarget, type: string, listener: (event: Event) => void): void;
}

function columnsOf(grid: HTMLElement): number {
  return getComputedStyle(grid).gridTemplateColumns.split(' ').filter(Boolean).length || 1;
}

function channelButton(event: Event): HTMLButtonElement | null {
  return (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-channel]') ?? null;
}

export function bindInspection(inspection: Inspection): void {
  const { grid, listen } = inspection;
  listen(grid, 'click', (event) => {
    const button = channelButton(event);
    if (!button || !inspection.shape()) return;
    const channel = Number(button.dataset.channel);
    markChosen(grid, channel);
    inspection.show({ ...inspection.state(), channel });
  });
  listen(grid, 'keydown', (event) => {
    const button = channelButton(event);
    const buttons = grid.querySelectorAll<HTMLButtonElement>('button[data-channel]');
    if (!button) return;
    const key = (event as KeyboardEvent).key;
    const next = gridKey(Number(button.dataset.channel), key, columnsOf(grid), buttons.length);
    if (next === null) return;
    event.preventDefault();
    const target = buttons[next];
    if (!target) return;
    button.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  });
  bindZoom(inspection);
}

function bindZoom(inspection: Inspection): void {
  const { zoom, listen } = inspection;
  const pick = (event: Event): void => {
    const cell = cellAt(zoom, event as PointerEvent);
    const state = inspection.state();
    if (!cell || !inspection.shape()) return;
    if (cell.row === state.row && cell.col === state.col) return;
    inspection.show({ ...state, row: cell.row, col: cell.col });
  };
  listen(zoom, 'pointermove', pick);
  listen(zoom, 'pointerdown', (event) => {
    zoom.focus();
    pick(event);
  });
  listen(zoom, 'keydown', (event) => {
    const shape = inspection.shape();
    const key = event as KeyboardEvent;
    if (!shape) return;
    const state = inspection.state();
    const next = positionKey(state, key.key, key.shiftKey, shape[0] ?? 1, shape[1] ?? 1);
    if (!next) return;
    event.preventDefault();
    inspection.show({ ...next, channel: state.channel });
  });
}
