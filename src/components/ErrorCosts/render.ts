/** Error-cost explorer view: the OCT confusion and triage tables, the penalty inputs, the CXR cost lines. */
import { REFERRALS } from '../../lib/model/evaluation/costs';
import { part as partOf } from '../../lib/view/dom';
import { OCT_CLASSES, type CostState } from './state';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'error-cost explorer');

/** Writes a matrix into a <tbody> with row headers. */
export function fillMatrix(
  root: HTMLElement,
  role: string,
  rows: readonly string[],
  matrix: readonly (readonly number[])[],
): void {
  const doc = root.ownerDocument;
  part(root, role).replaceChildren(
    ...matrix.map((row, t) => {
      const tr = doc.createElement('tr');
      const th = doc.createElement('th');
      th.scope = 'row';
      th.textContent = rows[t] ?? '';
      tr.append(th, ...row.map((v) => Object.assign(doc.createElement('td'), { textContent: String(v) })));
      return tr;
    }),
  );
}

export function showPenalties(root: HTMLElement, state: CostState): void {
  const k = OCT_CLASSES.length;
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-role="penalty"]')) {
    const index = Number(input.dataset.index);
    const t = Math.floor(index / k);
    const p = index % k;
    input.value = String(t === p ? 0 : (state.penalties[index] ?? 0));
  }
  part<HTMLInputElement>(root, 'ratio').value = String(state.ratio);
}

export const TRIAGE_NAMES = REFERRALS.map((r) => r.charAt(0).toUpperCase() + r.slice(1));
