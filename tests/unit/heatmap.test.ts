import { describe, expect, test } from 'vitest';
import { channelOf } from '../../src/lib/model/core/grid';
import { colourOf, rangeOf } from '../../src/lib/view/heatmap';

describe('heatmap helpers', () => {
  test('rangeOf finds min and max, and an empty map is 0..0', () => {
    expect(rangeOf({ width: 2, height: 2, values: [3, -1, 7, 0] })).toEqual({ min: -1, max: 7 });
    expect(rangeOf({ width: 0, height: 0, values: [] })).toEqual({ min: 0, max: 0 });
  });

  test('channelOf slices one channel of an [h, w, c] activation', () => {
    const data = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    expect(Array.from(channelOf(data, [2, 2, 2], 1).values)).toEqual([10, 20, 30, 40]);
  });

  test('gray and diverging colours', () => {
    expect(colourOf(0, { min: 0, max: 10 }, 'gray')).toEqual([0, 0, 0]);
    expect(colourOf(10, { min: 0, max: 10 }, 'gray')).toEqual([255, 255, 255]);
    expect(colourOf(5, { min: -5, max: 5 }, 'diverging')).toEqual([255, 0, 0]);
    expect(colourOf(-5, { min: -5, max: 5 }, 'diverging')).toEqual([0, 0, 255]);
    expect(colourOf(0, { min: -5, max: 5 }, 'diverging')).toEqual([255, 255, 255]);
  });
});
