/**
 * The walk through the tiny network, one node per step: forward from the crop to the loss, then backward from the
 * loss to the convolution's kernel. For any cell of the shown node: its value, the local derivative that links it to
 * the node after it, the gradient arriving from there, their product, and the accumulated gradient. Pure: no DOM.
 */
import { CLASSES, CONV, CROP, POOL, type Backward, type Forward, type TinyNet } from '../../lib/model/lessons/backprop';

export interface NodeView {
  /** Which array is shown and its grid shape. */
  name: string;
  rows: number;
  cols: number;
  values: number[];
  /** Shown beside the values on backward steps: ∂L/∂(each cell). */
  gradients: number[] | null;
  direction: 'forward' | 'backward';
}

export interface CellDetail {
  value: number;
  /** ∂(next node)/∂(this cell), in words and number. */
  local: { text: string; value: number } | null;
  upstream: number | null;
  product: number | null;
  accumulated: number | null;
}

export const STEP_COUNT = 11;

const grid = (
  name: string,
  rows: number,
  cols: number,
  values: number[],
  gradients: number[] | null,
  direction: NodeView['direction'],
): NodeView => ({ name, rows, cols, values, gradients, direction });

export function nodeAt(step: number, net: TinyNet, f: Forward, b: Backward): NodeView {
  switch (step) {
    case 0:
      return grid('crop x', CROP, CROP, f.input, null, 'forward');
    case 1:
      return grid('convolution z = K ∗ x + b₁', CONV, CONV, f.z, null, 'forward');
    case 2:
      return grid('ReLU a = max(0, z)', CONV, CONV, f.a, null, 'forward');
    case 3:
      return grid('max-pool m', POOL, POOL, f.pooled, null, 'forward');
    case 4:
      return grid('scores s = W·m + b₂', 1, CLASSES, f.scores, null, 'forward');
    case 5:
      return grid('softmax p, loss L = −log p_y', 1, CLASSES, f.probs, null, 'forward');
    case 6:
      return grid('∂L/∂s = p − y', 1, CLASSES, f.scores, b.scores, 'backward');
    case 7:
      return grid('∂L/∂W (9 × 2)', POOL * POOL, CLASSES, net.dense, b.dense, 'backward');
    case 8:
      return grid('∂L/∂m', POOL, POOL, f.pooled, b.pooled, 'backward');
    case 9:
      return grid('∂L/∂a (max-pool routes to the winner)', CONV, CONV, f.a, b.a, 'backward');
    default:
      return grid('∂L/∂z (ReLU passes where z > 0)', CONV, CONV, f.z, b.z, 'backward');
  }
}

/** The pooled index whose window holds cell i of the 6 × 6 map. */
const windowOf = (i: number): number => Math.floor(Math.floor(i / CONV) / 2) * POOL + Math.floor((i % CONV) / 2);

export function cellDetail(step: number, cell: number, net: TinyNet, f: Forward, b: Backward): CellDetail {
  const view = nodeAt(step, net, f, b);
  const value = view.values[cell] ?? Number.NaN;
  switch (step) {
    case 6: {
      const y = cell === f.label ? 1 : 0;
      return {
        value: f.probs[cell]!,
        local: { text: `p − y = ${f.probs[cell]!.toFixed(4)} − ${y}`, value: 1 },
        upstream: 1,
        product: b.scores[cell]!,
        accumulated: b.scores[cell]!,
      };
    }
    case 7: {
      const i = Math.floor(cell / CLASSES);
      const k = cell % CLASSES;
      return {
        value,
        local: { text: `∂s${k + 1}/∂W = m${i + 1}`, value: f.pooled[i]! },
        upstream: b.scores[k]!,
        product: f.pooled[i]! * b.scores[k]!,
        accumulated: b.dense[cell]!,
      };
    }
    case 8: {
      const terms = [0, 1].map((k) => net.dense[cell * CLASSES + k]! * b.scores[k]!);
      return {
        value,
        local: { text: `Σₖ W[${cell + 1},k] · ∂L/∂sₖ`, value: terms[0]! + terms[1]! },
        upstream: 1,
        product: terms[0]! + terms[1]!,
        accumulated: b.pooled[cell]!,
      };
    }
    case 9: {
      const w = windowOf(cell);
      const winner = f.winner[w] === cell ? 1 : 0;
      return {
        value,
        local: { text: winner ? 'the window’s winner: ∂m/∂a = 1' : 'not the winner: ∂m/∂a = 0', value: winner },
        upstream: b.pooled[w]!,
        product: winner * b.pooled[w]!,
        accumulated: b.a[cell]!,
      };
    }
    case 10: {
      const pass = f.z[cell]! > 0 ? 1 : 0;
      return {
        value,
        local: { text: pass ? 'z > 0: ∂a/∂z = 1' : 'z ≤ 0: ∂a/∂z = 0, the gradient is blocked', value: pass },
        upstream: b.a[cell]!,
        product: pass * b.a[cell]!,
        accumulated: b.z[cell]!,
      };
    }
    default:
      return { value, local: null, upstream: null, product: null, accumulated: null };
  }
}
