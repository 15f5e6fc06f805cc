/** URL round trips and pure updates of the chapter 3, 4 and 5 widgets' state. */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_POOL,
  clampCell,
  keyMove,
  parsePoolState,
  poolUrlState,
  withGeometry,
  writePoolState,
} from '../../src/components/PoolingExplorer/state';
import { DEFAULT_FIRST_FILTERS, firstFiltersUrlState, withMode } from '../../src/components/FirstFilters/state';
import {
  DEFAULT_CNN,
  cnnUrlState,
  fitToShape,
  gridKey,
  positionKey,
  rescalePosition,
  showingLayer,
} from '../../src/components/InsideCnn/state';
import {
  DEFAULT_SHIFT,
  MAX_SHIFT,
  curveKey,
  shiftUrlState,
  withAt,
  withDirection,
  withFill,
} from '../../src/components/ShiftExperiment/state';

describe('pooling explorer state', () => {
  test('round-trips through the URL, keeping other parameters', () => {
    const state = { source: 'edges' as const, op: 'avg' as const, window: 3, stride: 1, row: 10, col: 20 };
    const params = new URLSearchParams('scan=X&debug');
    writePoolState(state, params);
    expect(params.get('pool.src')).toBe('edges');
    expect(params.get('scan')).toBe('X');
    expect(parsePoolState(new URLSearchParams(params.toString()), 224)).toEqual(state);
  });

  test('defaults and clamps bad values', () => {
    expect(parsePoolState(new URLSearchParams(''), 224)).toEqual(DEFAULT_POOL);
    // Out-of-range numbers are clamped to the control's range (k 99 → 8, s −2 → 1), unknown values fall back, and
    // each says so in a note the widget shows.
    const { state, notes } = poolUrlState(224).parse(
      new URLSearchParams('pool.op=median&pool.k=99&pool.s=-2&pool.r=x'),
    );
    expect(state).toEqual({ ...DEFAULT_POOL, window: 8, stride: 1, row: 77, col: 57 });
    expect(notes).toHaveLength(4);
    expect(notes[1]).toContain('pool.k=99');
    // Without a cell in the URL, the default cell moves onto the URL's grid: 8 × 8 / 8 puts it at (10, 7).
    expect(parsePoolState(new URLSearchParams('pool.k=8&pool.s=8'), 224)).toMatchObject({ row: 10, col: 7 });
  });

  test('a new geometry keeps the cell over the same place; cells stay inside', () => {
    const moved = withGeometry({ ...DEFAULT_POOL, row: 50, col: 10 }, 4, 4, 224);
    expect(moved).toMatchObject({ window: 4, stride: 4, row: 25, col: 5 });
    expect(withGeometry({ ...DEFAULT_POOL, row: 111, col: 111 }, 8, 8, 224)).toMatchObject({ row: 27, col: 27 });
    expect(clampCell({ ...DEFAULT_POOL, row: -3, col: 500 }, 28)).toMatchObject({ row: 0, col: 27 });
  });

  test('keyboard moves', () => {
    const at = { ...DEFAULT_POOL, row: 5, col: 5 };
    expect(keyMove(at, 'ArrowRight', false, 112)).toMatchObject({ row: 5, col: 6 });
    expect(keyMove(at, 'ArrowUp', true, 112)).toMatchObject({ row: 0, col: 5 });
    expect(keyMove(at, 'End', false, 112)).toMatchObject({ col: 111 });
    expect(keyMove(at, 'Enter', false, 112)).toBeNull();
  });
});

describe('first-filters state', () => {
  test('raw by default, block from the URL under the old key ff.m; a bad value falls back with a note', () => {
    const { state, notes } = firstFiltersUrlState.parse(new URLSearchParams('ff.m=weird'));
    expect(state).toEqual(DEFAULT_FIRST_FILTERS);
    expect(notes).toEqual([expect.stringContaining('ff.m=weird')]);
    const params = new URLSearchParams('scan=X');
    firstFiltersUrlState.write({ mode: 'block' }, params);
    expect(params.toString()).toBe('scan=X&ff.m=block');
    expect(firstFiltersUrlState.parse(params).state).toEqual({ mode: 'block' });
  });

  test('a radio value that is not a mode changes nothing', () => {
    expect(withMode(DEFAULT_FIRST_FILTERS, 'block')).toEqual({ mode: 'block' });
    expect(withMode(DEFAULT_FIRST_FILTERS, 'sideways')).toBe(DEFAULT_FIRST_FILTERS);
  });
});

describe('shift experiment state', () => {
  test('round-trips under the old keys; defaults; clamps with notes', () => {
    const state = { direction: 'down' as const, fill: 'zero' as const, at: 7 };
    const params = new URLSearchParams();
    shiftUrlState.write(state, params);
    expect(params.toString()).toBe('shift.dir=down&shift.fill=zero&shift.at=7');
    expect(shiftUrlState.parse(params).state).toEqual(state);
    expect(shiftUrlState.defaults).toEqual(DEFAULT_SHIFT);
    const { state: clamped, notes } = shiftUrlState.parse(new URLSearchParams('shift.dir=left&shift.at=40'));
    expect(clamped).toEqual({ ...DEFAULT_SHIFT, at: MAX_SHIFT });
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain('shift.at=40');
  });

  test('control values: unknown ones change nothing, the previewed shift is a whole pixel in range', () => {
    expect(withDirection(DEFAULT_SHIFT, 'down').direction).toBe('down');
    expect(withDirection(DEFAULT_SHIFT, 'left')).toBe(DEFAULT_SHIFT);
    expect(withFill(DEFAULT_SHIFT, 'zero').fill).toBe('zero');
    expect(withFill(DEFAULT_SHIFT, 'mirror')).toBe(DEFAULT_SHIFT);
    expect(withAt(DEFAULT_SHIFT, 99).at).toBe(MAX_SHIFT);
    expect(withAt(DEFAULT_SHIFT, 2.6).at).toBe(3);
    expect(withAt(DEFAULT_SHIFT, Number.NaN)).toBe(DEFAULT_SHIFT);
  });

  test('only scan, task, direction and fill change the curve', () => {
    const key = curveKey('scan-1', 'cxr', DEFAULT_SHIFT);
    expect(curveKey('scan-1', 'cxr', { ...DEFAULT_SHIFT, at: 9 })).toBe(key);
    expect(curveKey('scan-1', 'cxr', { ...DEFAULT_SHIFT, fill: 'zero' })).not.toBe(key);
    expect(curveKey('scan-1', 'cxr', { ...DEFAULT_SHIFT, direction: 'down' })).not.toBe(key);
    expect(curveKey('scan-2', 'cxr', DEFAULT_SHIFT)).not.toBe(key);
    expect(curveKey('scan-1', 'oct', DEFAULT_SHIFT)).not.toBe(key);
  });
});

describe('activation browser state', () => {
  test('round-trips through the URL under the old keys and the head; rejects odd values with a note', () => {
    const state = { task: 'oct' as const, layer: 'conv_pw_5_relu', channel: 7, row: 3, col: 9 };
    const params = new URLSearchParams('scan=Y');
    cnnUrlState.write(state, params);
    expect(params.toString()).toBe('scan=Y&cnn.task=oct&cnn.layer=conv_pw_5_relu&cnn.ch=7&cnn.r=3&cnn.c=9');
    expect(cnnUrlState.parse(new URLSearchParams(params.toString())).state).toEqual(state);
    // Links older than cnn.task keep working: the head then follows the scan.
    expect(cnnUrlState.parse(new URLSearchParams('cnn.layer=conv_pw_5_relu')).state.task).toBe('');
    const odd = cnnUrlState.parse(new URLSearchParams('cnn.layer=<script>&cnn.ch=x&cnn.task=cxr-pathogen'));
    expect(odd.state).toEqual(DEFAULT_CNN);
    expect(odd.notes).toHaveLength(3);
    expect(cnnUrlState.parse(new URLSearchParams('cnn.r=-9')).state.row).toBe(-1);
  });

  test('showing a layer: a linked layer keeps its view; another layer keeps the place on the scan', () => {
    const linked = { task: 'cxr' as const, layer: 'conv_pw_5_relu', channel: 7, row: 3, col: 9 };
    expect(showingLayer(linked, 'conv_pw_5_relu', [28, 28, 64], null, 2)).toEqual(linked);
    // No layer asked for (or one the model lacks): the default layer, its liveliest channel, the map's centre.
    expect(showingLayer(DEFAULT_CNN, 'conv_pw_1_relu', [112, 112, 16], null, 5)).toEqual({
      task: '',
      layer: 'conv_pw_1_relu',
      channel: 5,
      row: 55,
      col: 55,
    });
    const unknown = { ...linked, layer: 'gone' };
    expect(showingLayer(unknown, 'conv_pw_1_relu', [112, 112, 16], null, 5)).toMatchObject({ channel: 5 });
    // The list moved from a 112 × 112 map to a 7 × 7 one: the position follows, the channel is clamped.
    const deeper = { task: '' as const, layer: 'conv_pw_13_relu', channel: 20, row: 56, col: 0 };
    const previous = { name: 'conv_pw_1_relu', shape: [112, 112, 16] };
    expect(showingLayer(deeper, 'conv_pw_13_relu', [7, 7, 16], previous, 0)).toEqual({
      task: '',
      layer: 'conv_pw_13_relu',
      channel: 15,
      row: 3,
      col: 0,
    });
  });

  test('fitToShape centres an unset position and clamps the rest', () => {
    expect(fitToShape(DEFAULT_CNN, [7, 7, 256])).toMatchObject({ row: 3, col: 3, channel: 0 });
    expect(fitToShape(DEFAULT_CNN, [7, 7, 256], 42)).toMatchObject({ channel: 42 });
    expect(fitToShape({ task: '', layer: 'x', channel: 300, row: 50, col: 2 }, [14, 14, 128])).toMatchObject({
      channel: 127,
      row: 13,
      col: 2,
    });
  });

  test('rescalePosition keeps the place on the scan', () => {
    expect(rescalePosition({ ...DEFAULT_CNN, row: 56, col: 0 }, [112, 112], [7, 7])).toMatchObject({ row: 3, col: 0 });
    expect(rescalePosition({ ...DEFAULT_CNN, row: 3, col: 6 }, [7, 7], [112, 112])).toMatchObject({
      row: 56,
      col: 104,
    });
  });

  test('position and grid keys', () => {
    const at = { task: '' as const, layer: 'x', channel: 0, row: 2, col: 2 };
    expect(positionKey(at, 'ArrowLeft', false, 7, 7)).toMatchObject({ row: 2, col: 1 });
    expect(positionKey(at, 'ArrowDown', true, 7, 7)).toMatchObject({ row: 6 });
    expect(positionKey(at, 'Enter', false, 7, 7)).toBeNull();
    expect(gridKey(5, 'ArrowDown', 4, 16)).toBe(9);
    expect(gridKey(5, 'ArrowUp', 4, 16)).toBe(1);
    expect(gridKey(15, 'ArrowRight', 4, 16)).toBe(15);
    expect(gridKey(5, 'End', 4, 16)).toBe(15);
    expect(gridKey(5, 'PageUp', 4, 16)).toBe(0);
    expect(gridKey(5, 'a', 4, 16)).toBeNull();
  });
});
