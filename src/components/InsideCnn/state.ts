/**
 * The activation browser's state: the head (task) read, the layer shown, the enlarged channel and the chosen
 * position in its map. Pure updates; the URL keeps it under the `cnn.` prefix (`cnn.task`, `cnn.layer`, `cnn.ch`,
 * `cnn.r`, `cnn.c`; links older than `cnn.task` follow the scan's dataset). The layer is stored by name and checked
 * against the loaded model by the caller (an unknown name falls back to the default layer, with a note).
 */
import { taskForDataset } from '../../lib/gallery-pick';
import { TASKS, type TaskId } from '../../lib/model/core/tasks';
import { choiceField, defineUrlState, numberField, textField, type StateSpec } from '../../lib/view/url-state';

export interface CnnState {
  /** '' until a head is chosen (the view reads the scan with its dataset's head). */
  task: TaskId | '';
  /** '' until a layer is chosen (the view shows the end of the network's first stage). */
  layer: string;
  channel: number;
  row: number;
  col: number;
}

/** One head per dataset: the task whose head reads that dataset's scans (the head select offers these). */
export const CNN_HEADS = Object.values(TASKS).filter((task) => taskForDataset(task.dataset) === task.id);

/** −1: not chosen yet (the view picks a telling channel and the centre of the map). */
export const DEFAULT_CNN: CnnState = { task: '', layer: '', channel: -1, row: -1, col: -1 };

const index = numberField({ min: -1, max: 99_999, fallback: -1, step: 1 });

export const cnnUrlState: StateSpec<CnnState> = defineUrlState<CnnState>(
  'the activation browser',
  'cnn.',
  {
    task: choiceField<TaskId | ''>(
      CNN_HEADS.map((task) => task.id),
      DEFAULT_CNN.task,
    ),
    layer: textField(/^[\w./-]{1,80}$/, DEFAULT_CNN.layer),
    channel: index,
    row: index,
    col: index,
  },
  { channel: 'ch', row: 'r', col: 'c' },
);

/**
 * The state once `layer`'s map of `shape` is shown. When the state asked for another layer (none, or one the model
 * lacks), the channel is chosen afresh; coming from another layer's map (`previous`), the position moves to the
 * same place of the scan; then everything is kept inside the map (an unset channel becomes `liveliest`).
 */
export function showingLayer(
  state: CnnState,
  layer: string,
  shape: readonly number[],
  previous: { name: string; shape: readonly number[] } | null,
  liveliest: number,
): CnnState {
  const asked = state.layer === layer ? state : { ...state, layer, channel: -1 };
  const moved = previous && previous.name !== layer ? rescalePosition(asked, previous.shape, shape) : asked;
  return fitToShape(moved, shape, liveliest);
}

/**
 * Keeps channel and position inside a [height, width, channels] map; an unset position (−1) becomes the centre, an
 * unset channel `fallbackChannel`.
 */
export function fitToShape(state: CnnState, shape: readonly number[], fallbackChannel = 0): CnnState {
  const [height = 1, width = 1, channels = 1] = shape;
  const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
  return {
    ...state,
    channel: state.channel < 0 ? clamp(fallbackChannel, channels) : clamp(state.channel, channels),
    row: state.row < 0 ? Math.floor((height - 1) / 2) : clamp(state.row, height),
    col: state.col < 0 ? Math.floor((width - 1) / 2) : clamp(state.col, width),
  };
}

/** Moving to a map of another size keeps the position over the same place of the scan, as near as the grid allows. */
export function rescalePosition(state: CnnState, from: readonly number[], to: readonly number[]): CnnState {
  const [h0 = 1, w0 = 1] = from;
  const [h1 = 1, w1 = 1] = to;
  if (state.row < 0 || state.col < 0) return state;
  return { ...state, row: Math.floor(((state.row + 0.5) / h0) * h1), col: Math.floor(((state.col + 0.5) / w0) * w1) };
}

/** Arrow keys move the position by one (by `big` with Shift). Null when the key is not a move. */
export function positionKey(
  state: CnnState,
  key: string,
  shift: boolean,
  height: number,
  width: number,
  big = 4,
): CnnState | null {
  const step = shift ? big : 1;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-step, 0],
    ArrowDown: [step, 0],
    ArrowLeft: [0, -step],
    ArrowRight: [0, step],
  };
  const move = moves[key];
  if (!move) return null;
  return fitToShape({ ...state, row: state.row + move[0], col: state.col + move[1] }, [
    height,
    width,
    state.channel + 1,
  ]);
}

/** Roving focus in a grid of `count` cells laid out in `columns`: arrows, Home, End, PageUp/PageDown. Null: not ours. */
export function gridKey(index: number, key: string, columns: number, count: number, page = 4): number | null {
  const cols = Math.max(1, columns);
  const target: Record<string, number> = {
    ArrowLeft: index - 1,
    ArrowRight: index + 1,
    ArrowUp: index - cols,
    ArrowDown: index + cols,
    Home: 0,
    End: count - 1,
    PageUp: index - cols * page,
    PageDown: index + cols * page,
  };
  const next = target[key];
  if (next === undefined) return null;
  return Math.min(count - 1, Math.max(0, next));
}
