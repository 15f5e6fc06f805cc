import { describe, expect, test } from 'vitest';
import { latestRunner } from '../../src/lib/view/latest-runner';
import { joinNumbers, splitNumbers } from '../../src/lib/view/url-state';

describe('latestRunner', () => {
  test('requests during a run collapse into one rerun; errors are reported and do not stop later runs', async () => {
    const seen: number[] = [];
    const errors: unknown[] = [];
    let value = 0;
    let release: (() => void) | null = null;
    const request = latestRunner(
      async () => {
        const started = value;
        seen.push(started);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        if (started === 3) throw new Error('three');
      },
      (error) => errors.push(error),
    );
    request();
    value = 1;
    request();
    value = 2;
    request();
    value = 3;
    request();
    release!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([0, 3]);
    release!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
    value = 4;
    request();
    release!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([0, 3, 4]);
  });
});

describe('numbers in the URL', () => {
  test('round-trip, and anything malformed is null', () => {
    expect(splitNumbers(joinNumbers([0.8, -0.5, 2]))).toEqual([0.8, -0.5, 2]);
    expect(splitNumbers('1_2', 3)).toBeNull();
    expect(splitNumbers('1__2')).toBeNull();
    expect(splitNumbers('1_x')).toBeNull();
    expect(splitNumbers(null)).toBeNull();
  });
});
