/**
 * The pooling explorer's state: operation, window, stride and the output cell being inspected. Pure updates; the
 * URL keeps it under the `pool.` prefix so a view can be shared as a link. Invalid URL values fall back to defaults.
 */
import { POOL_OPS, POOL_SOURCES, pooledSize, type PoolOp, type PoolSource } from '../../lib/model/lessons/pooling';
import { choiceField, defineUrlState, numberField, type StateSpec } from '../../lib/view/url-state';

export interface PoolState {
  /** What is pooled: the scan itself or its edge map. */
  source: PoolSource;
  op: PoolOp;
  window: number;
  stride: number;
  /** The inspected output cell. */
  row: number;
  col: number;
}

export const POOL_LIMITS = { min: 1, max: 8 } as const;
/** The default cell lies over the left half of the image, a lung field on a frontal chest film. */
export const DEFAULT_POOL: PoolState = { source: 'scan', op: 'max', window: 2, stride: 2, row: 40, col: 30 };

const FIELDS = {
  source: choiceField(POOL_SOURCES, DEFAULT_POOL.source),
  op: choiceField(POOL_OPS, DEFAULT_POOL.op),
  window: numberField({ ...POOL_LIMITS, fallback: DEFAULT_POOL.window, step: 1 }),
  stride: numberField({ ...POOL_LIMITS, fallback: DEFAULT_POOL.stride, step: 1 }),
  row: numberField({ min: 0, max: 4096, fallback: -1, step: 1 }),
  col: numberField({ min: 0, max: 4096, fallback: -1, step: 1 }),
};
const URL_STATE = defineUrlState<PoolState>('the pooling explorer', 'pool.', FIELDS, {
  source: 'src',
  window: 'k',
  stride: 's',
  row: 'r',
  col: 'c',
});

/**
 * The URL state for an `inputSize` scan: window and stride clamped to the controls' range; without a cell in the
 * link, the default cell moved onto the link's grid; the cell kept inside the pooled map.
 */
export function poolUrlState(inputSize: number): StateSpec<PoolState> {
  const parse = (params: URLSearchParams): { state: PoolState; notes: string[] } => {
    const { state, notes } = URL_STATE.parse(params);
    const placed = withGeometry(DEFAULT_POOL, state.window, state.stride, inputSize);
    const row = state.row < 0 ? placed.row : state.row;
    const col = state.col < 0 ? placed.col : state.col;
    return { state: clampCell({ ...state, row, col }, pooledSize(inputSize, state.window, state.stride)), notes };
  };
  return { ...URL_STATE, defaults: parse(new URLSearchParams()).state, parse };
}

/** The state in the URL (see poolUrlState). */
export function parsePoolState(params: URLSearchParams, inputSize: number): PoolState {
  return poolUrlState(inputSize).parse(params).state;
}

export function writePoolState(state: PoolState, params: URLSearchParams): void {
  URL_STATE.write(state, params);
}

/** Output size of the state's pooling on an n × n input. */
export function outputSide(state: PoolState, n: number): number {
  return pooledSize(n, state.window, state.stride);
}

/** Keeps the inspected cell inside an output of `side` × `side`. */
export function clampCell(state: PoolState, side: number): PoolState {
  const last = Math.max(0, side - 1);
  return { ...state, row: Math.min(last, Math.max(0, state.row)), col: Math.min(last, Math.max(0, state.col)) };
}

/** A new window or stride keeps the inspected cell over the same place of the scan, as near as the new grid allows. */
export function withGeometry(state: PoolState, window: number, stride: number, n: number): PoolState {
  const centre = (i: number): number => i * state.stride + (state.window - 1) / 2;
  const back = (x: number): number => Math.round((x - (window - 1) / 2) / stride);
  const next = { ...state, window, stride, row: back(centre(state.row)), col: back(centre(state.col)) };
  return clampCell(next, pooledSize(n, window, stride));
}

/** Arrow keys move the inspected cell by one (by `big` with Shift); Home/End jump to the row's ends. Null: not ours. */
export function keyMove(state: PoolState, key: string, shift: boolean, side: number, big = 8): PoolState | null {
  const step = shift ? big : 1;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-step, 0],
    ArrowDown: [step, 0],
    ArrowLeft: [0, -step],
    ArrowRight: [0, step],
    Home: [0, -side],
    End: [0, side],
  };
  const move = moves[key];
  if (!move) return null;
  return clampCell({ ...state, row: state.row + move[0], col: state.col + move[1] }, side);
}
