import { describe, expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  parseState,
  withCount,
  withKernel,
  writeState,
} from '../../src/components/LayerParameters/state';
import { formatBytes } from '../../src/components/LayerParameters/strings';

describe('layer-parameters state', () => {
  test('clamps, rejects and round-trips', () => {
    expect(parseState(new URLSearchParams('lp.n=abc&lp.k=4'))).toEqual(DEFAULT_STATE);
    expect(withCount(DEFAULT_STATE, 1000).count).toBe(256);
    expect(withKernel(DEFAULT_STATE, 2)).toBe(DEFAULT_STATE);
    const params = new URLSearchParams();
    writeState({ count: 64, kernel: 7 }, params);
    expect(parseState(params)).toEqual({ count: 64, kernel: 7 });
  });

  test('bytes in decimal units', () => {
    expect(formatBytes(60_211_600)).toBe(
      new Intl.NumberFormat(undefined, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(60.2116),
    );
    expect(formatBytes(512)).toContain('512');
  });
});
