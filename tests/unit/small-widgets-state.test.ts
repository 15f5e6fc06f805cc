import { describe, expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  parseState,
  withCount,
  withKernel,
  writeState,
} from '../../src/components/LayerParameters/state';
import { formatBytes } from '../../src/components/LayerParameters/strings';

const ENGLISH = new Intl.NumberFormat().resolvedOptions().locale === 'en-US';

describe('layer-parameters state', () => {
  test('clamps, rejects and round-trips', () => {
    expect(parseState(new URLSearchParams('lp.n=abc&lp.k=4'))).toEqual(DEFAULT_STATE);
    expect(withCount(DEFAULT_STATE, 1000).count).toBe(256);
    expect(withKernel(DEFAULT_STATE, 2)).toBe(DEFAULT_STATE);
    const params = new URLSearchParams();
    writeState({ count: 64, kernel: 7 }, params);
    expect(parseState(params)).toEqual({ count: 64, kernel: 7 });
  });

  // Fixed strings, not Intl calls mirroring the function: they are en-US, the locale Node runs the suite in.
  test.skipIf(!ENGLISH)('bytes in decimal units: the largest unit that reaches 1, at most one decimal', () => {
    expect(formatBytes(0)).toBe('0 byte');
    expect(formatBytes(512)).toBe('512 byte');
    expect(formatBytes(999)).toBe('999 byte');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1792)).toBe('1.8 kB');
    expect(formatBytes(60_211_600)).toBe('60.2 MB');
    expect(formatBytes(1.5e9)).toBe('1.5 GB');
    // The unit follows the rounded value: 999,950 bytes is 1 MB, never "1,000 kB".
    expect(formatBytes(999_950)).toBe('1 MB');
    expect(formatBytes(999_949)).toBe('999.9 kB');
  });
});
