/**
 * The pooling explorer's state: operation, window, stride and the output cell being inspected. Pure updates; the
 * URL keeps it under the `pool.` prefix so a view can be shared as a link. Invalid URL values fall back to defaults.
 */
import { POOL_OPS, pooledSize, type PoolOp } from '../../lib/model/lessons/pooling';

export interface PoolState {
  op: PoolOp;
  window: number;
  stride: number;
  /** The inspected output cell. */
  row: number;
  col: number;
}

export const POOL_LIMITS = { min: 1, max: 8 } as const;
/** The default cell lies over the left half of the image, a lung field on a frontal chest film. */
export const DEFAULT_POOL: PoolState = { op: 'max', window: 2, stride: 2, row: 40, col: 30 };
const PREFIX = 'pool.';

function whole(text: string | null, fallback: number, min: number, max: number): number {
  if (text === null || !/^\d+$/.test(text)) return fallback;
  return Math.min(max, Math.max(min, Number(text)));
}

/** The state in the URL; without a cell there, the default cell moved onto the URL's grid (for an `inputSize` map). */
export function parsePoolState(params: URLSearchParams, inputSize: number): PoolState {
  const op = params.get(`${PREFIX}op`);
  const window = whole(params.get(`${PREFIX}k`), DEFAULT_POOL.window, POOL_LIMITS.min, POOL_LIMITS.max);
  const stride = whole(params.get(`${PREFIX}s`), DEFAULT_POOL.stride, POOL_LIMITS.min, POOL_LIMITS.max);
  const placed = withGeometry(DEFAULT_POOL, window, stride, inputSize);
  return clampCell(
    {
      op: (POOL_OPS as readonly string[]).includes(op ?? '') ? (op as PoolOp) : DEFAULT_POOL.op,
      window,
      stride,
      row: whole(params.get(`${PREFIX}r`), placed.row, 0, 4096),
      col: whole(params.get(`${PREFIX}c`), placed.col, 0, 4096),
    },
    pooledSize(inputSize, window, stride),
  );
}

export function writePoolState(state: PoolState, params: URLSearchParams): void {
  params.set(`${PREFIX}op`, state.op);
  params.set(`${PREFIX}k`, String(state.window));
  params.set(`${PREFIX}s`, String(state.stride));
  params.set(`${PREFIX}r`, String(state.row));
  params.set(`${PREFIX}c`, String(state.col));
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
