/**
 * The four layers' counts for one state: a real tfjs Conv2D on the full scan, the dense counts from the dense
 * layer's formula, and that formula checked against a real tfjs Dense layer on a small thumbnail.
 */
import { convCount, denseCount, denseFormula, measureDense, type ImageShape } from '../../lib/model/lessons/parameters';
import type { Tf } from '../../lib/model/core/runtime';
import type { LayerParametersState } from './state';
import { STRINGS } from './strings';

/** Side of the thumbnail the real Dense layer is built on: small enough to allocate, large enough to be a test. */
export const CHECK_SIDE = 16;
export const CHANNELS = 3;

export const ROWS = ['dense', 'dense-map', 'unshared', 'conv'] as const;
type RowId = (typeof ROWS)[number];

interface RowCount {
  params: number;
  /** Inputs each output reads. */
  reads: number;
  outputs: number;
}

export interface Counts extends Record<RowId, RowCount> {
  convShape: readonly number[];
  /** countParams() of the real Dense layer on the thumbnail. */
  measuredDense: number;
  checkInputs: number;
}

/** Counts every row for an image of `shape`; throws when tfjs and the dense formula disagree. */
export function countAll(tf: Tf, shape: ImageShape, state: LayerParametersState): Counts {
  const conv = convCount(tf, shape, state.count, state.kernel);
  const outputs = conv.outputShape.reduce((a, b) => a * b, 1);
  const dense = denseCount(tf, shape, state.count);
  const denseMap = denseCount(tf, shape, outputs);
  const checkShape: ImageShape = [CHECK_SIDE, CHECK_SIDE, CHANNELS];
  const counts: Counts = {
    dense: { params: dense.params, reads: dense.connectionsPerOutput, outputs: dense.units },
    'dense-map': { params: denseMap.params, reads: denseMap.connectionsPerOutput, outputs },
    unshared: { params: conv.unsharedParams, reads: conv.connectionsPerOutput, outputs },
    conv: { params: conv.params, reads: conv.connectionsPerOutput, outputs },
    convShape: conv.outputShape,
    measuredDense: measureDense(tf, checkShape, state.count),
    checkInputs: CHECK_SIDE * CHECK_SIDE * CHANNELS,
  };
  const expected = denseFormula(counts.checkInputs, state.count);
  if (counts.measuredDense !== expected) throw new Error(STRINGS.mismatch(counts.measuredDense, expected));
  return counts;
}
