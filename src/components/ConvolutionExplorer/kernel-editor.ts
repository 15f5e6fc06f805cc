/**
 * The kernel controls: the preset menu, a size × size grid of number inputs and the divisor. Shows a state (without
 * overwriting the input the reader is typing in) and reads a reader's edit back as a state update.
 */
import { part } from '../../lib/view/dom';
import { withDivisor, withWeight, type ConvState } from './state';
import { OWNER, STRINGS } from './strings';

function weightInput(index: number, size: number): HTMLInputElement {
  const input = document.createElement('input');
  Object.assign(input, { type: 'number', step: 'any', inputMode: 'decimal' });
  input.dataset.role = 'weight';
  input.dataset.index = String(index);
  input.setAttribute('aria-label', STRINGS.weightLabel(Math.floor(index / size), index % size));
  return input;
}

function showValue(input: HTMLInputElement, value: number): void {
  if (document.activeElement === input && Number(input.value) === value) return;
  input.value = String(value);
  input.removeAttribute('aria-invalid');
}

export function showKernel(root: HTMLElement, state: ConvState): void {
  part<HTMLSelectElement>(root, 'preset', OWNER).value = state.choice;
  const grid = part(root, 'weights', OWNER);
  const { size, weights, divisor } = state.kernel;
  if (grid.querySelectorAll('input').length !== weights.length) {
    grid.style.setProperty('--k', String(size));
    grid.replaceChildren(...weights.map((_, i) => weightInput(i, size)));
  }
  grid.querySelectorAll<HTMLInputElement>('input').forEach((input, i) => showValue(input, weights[i] ?? 0));
  showValue(part<HTMLInputElement>(root, 'divisor', OWNER), divisor);
}

/** The state after an edit of a weight or the divisor; invalid text is flagged and leaves the state unchanged. */
export function readKernelEdit(state: ConvState, input: HTMLInputElement): ConvState {
  const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
  const next =
    input.dataset.role === 'divisor'
      ? withDivisor(state, value)
      : withWeight(state, Number(input.dataset.index), value);
  if (next === state) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return next;
}
