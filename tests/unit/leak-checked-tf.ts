/**
 * The Node runtime's tf for a test file whose tests must free every tensor they make: taken together, they end with
 * as many tensors as there were before them.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Tf } from '../../src/lib/model/core/runtime';
import { nodeRuntime } from '../../src/node/runtime';

/** Await it at the top of a test file (`const tf = await leakCheckedTf();`): the check it adds is that file's. */
export async function leakCheckedTf(): Promise<Tf> {
  const { tf } = await nodeRuntime();
  let baseline = 0;
  beforeAll(() => {
    baseline = tf.memory().numTensors;
  });
  afterAll(() => {
    expect(tf.memory().numTensors).toBe(baseline);
  });
  return tf;
}
