/** The explanation explorer's state: URL round trip, the target class, and what a computed map is kept for. */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_EXPLAIN,
  baseKey,
  explainUrlState,
  mapKey,
  targetIndex,
} from '../../src/components/ExplanationExplorer/state';

describe('explanation explorer state', () => {
  test('round-trips through the URL; an impossible window is kept (refused later with the reason), not clamped away', () => {
    const params = new URLSearchParams();
    explainUrlState.write({ ...DEFAULT_EXPLAIN, method: 'gradcam', window: 300, space: 'logodds' }, params);
    const { state, notes } = explainUrlState.parse(params);
    expect(notes).toEqual([]);
    expect(state).toMatchObject({ method: 'gradcam', window: 300, space: 'logodds' });
    expect(explainUrlState.parse(new URLSearchParams('xp.method=lrp')).notes[0]).toMatch(/not one of/);
  });

  test('the predicted class unless a known class is named', () => {
    const classes = ['NORMAL', 'PNEUMONIA'];
    expect(targetIndex(DEFAULT_EXPLAIN, classes, [0.2, 0.8])).toBe(1);
    expect(targetIndex({ ...DEFAULT_EXPLAIN, target: 'NORMAL' }, classes, [0.2, 0.8])).toBe(0);
    expect(targetIndex({ ...DEFAULT_EXPLAIN, target: 'DRUSEN' }, classes, [0.7, 0.3])).toBe(0);
  });

  test('occlusion maps are kept across score spaces; gradient maps are not; faithfulness is kept per scan and class', () => {
    const occ = { ...DEFAULT_EXPLAIN, method: 'occlusion' as const };
    expect(mapKey('a', occ, 1)).toBe(mapKey('a', { ...occ, space: 'logodds' }, 1));
    const ig = { ...DEFAULT_EXPLAIN, method: 'ig' as const };
    expect(mapKey('a', ig, 1)).not.toBe(mapKey('a', { ...ig, space: 'logodds' }, 1));
    expect(mapKey('a', ig, 1)).not.toBe(mapKey('a', { ...ig, steps: 64 }, 1));
    expect(baseKey('a', occ, 1)).toBe(baseKey('a', ig, 1));
    expect(baseKey('a', occ, 1)).not.toBe(baseKey('a', occ, 0));
  });
});
