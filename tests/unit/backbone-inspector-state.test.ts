/** The backbone inspector's state: which backbone it shows (from the catalogue, not a typed id), labels and shapes. */
import { describe, expect, test } from 'vitest';
import {
  NoImagenetBackboneError,
  imagenetBackbone,
  inspectorUrlState,
  shapeCells,
  shortLabel,
} from '../../src/components/BackboneInspector/state';
import { BACKBONES } from '../../src/lib/model/core/backbone';

describe('backbone inspector state', () => {
  test('shows the catalogue’s backbone with ImageNet’s top, and says so when there is none', () => {
    const chosen = imagenetBackbone();
    expect(chosen.imagenetTop).toBe(true);
    expect(BACKBONES).toContain(chosen);
    expect(() => imagenetBackbone(BACKBONES.filter((b) => !b.imagenetTop))).toThrow(NoImagenetBackboneError);
  });

  test('claims no URL key of its own (the scan picker keeps the scan)', () => {
    expect(inspectorUrlState.keys).toEqual([]);
    expect(inspectorUrlState.parse(new URLSearchParams('scan=x&bb.z=1'))).toEqual({ state: {}, notes: [] });
  });

  test('first names of ImageNet labels, and the batch dimension named', () => {
    expect(shortLabel('tabby, tabby cat')).toBe('tabby');
    expect(shortLabel('goldfish')).toBe('goldfish');
    expect(shortLabel(', odd')).toBe(', odd');
    expect(shapeCells([null, 7, 7, 256])).toEqual(['batch', '7', '7', '256']);
  });
});
