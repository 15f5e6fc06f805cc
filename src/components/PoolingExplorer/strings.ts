/** Every user-visible string of the pooling explorer's script (the static markup is in PoolingExplorer.astro). */
import type { PoolOp } from '../../lib/model/lessons/pooling';

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  pooling: 'Pooling…',
  chooseImage: 'Choose a scan or your own image to pool it.',
  opName: (op: PoolOp): string => (op === 'max' ? 'max' : 'average'),
  size: (height: number, width: number): string => `${whole.format(height)} × ${whole.format(width)}`,
  windowSize: (k: number): string => `${k} × ${k}`,
  ready: (op: PoolOp, k: number, s: number, h: number, w: number, ms: number): string =>
    `${op === 'max' ? 'Max' : 'Average'} pooling, ${k} × ${k} window, stride ${s}: ${whole.format(h)} × ${whole.format(w)} values (${whole.format(ms)} ms).`,
  cellLabel: (row: number, col: number, op: PoolOp, value: number, top: number, left: number, k: number): string =>
    `Output row ${row + 1}, column ${col + 1} = ${op === 'max' ? 'largest' : 'average'} of the ${k} × ${k} window ` +
    `at input rows ${top + 1}–${top + k}, columns ${left + 1}–${left + k}: ${format(value)}.`,
  reduction: (before: number, after: number): string =>
    `${whole.format(before)} values became ${whole.format(after)}: ${after > 0 ? oneDecimal.format(before / after) : '∞'} times fewer.`,
  outputAria: 'Pooled map. Arrow keys move the inspected cell; Shift+arrow moves by 8.',
} as const;

export function format(value: number): string {
  return Number.isInteger(value) ? whole.format(value) : oneDecimal.format(value);
}
