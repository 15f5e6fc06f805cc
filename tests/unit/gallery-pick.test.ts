import { describe, expect, test } from 'vitest';
import type { GalleryScan } from '../../src/lib/gallery';
import { otherScans, spread, taskForDataset } from '../../src/lib/gallery-pick';

const scan = (id: string, dataset: 'cxr' | 'oct') => ({ id, dataset }) as GalleryScan;

describe('gallery picks', () => {
  test('taskForDataset', () => {
    expect(taskForDataset('cxr')).toBe('cxr');
    expect(taskForDataset('oct')).toBe('oct');
  });

  test('spread takes first, last and evenly between', () => {
    expect(spread([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(spread([0, 1, 2, 3, 4, 5, 6], 4)).toEqual([0, 2, 4, 6]);
    expect(spread([1, 2], 4)).toEqual([1, 2]);
    expect(spread([5, 6, 7], 1)).toEqual([5]);
    expect(spread([], 3)).toEqual([]);
  });

  test('otherScans keeps the dataset and leaves the scan itself out', () => {
    const scans = [scan('a', 'cxr'), scan('b', 'oct'), scan('c', 'cxr'), scan('d', 'cxr'), scan('e', 'cxr')];
    expect(otherScans(scans, 'cxr', 'c', 2).map((s) => s.id)).toEqual(['a', 'e']);
    expect(otherScans(scans, 'oct', 'b', 2)).toEqual([]);
  });
});
