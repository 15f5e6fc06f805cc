/** Layer-parameters view: state and counts → the controls' read-outs, each row's facts and bar, the two checks. */
import { float32Bytes } from '../../lib/model/lessons/parameters';
import { WidgetMarkupError, part as partOf, text as textOf } from '../../lib/view/dom';
import { CHANNELS, CHECK_SIDE, ROWS, type Counts } from './counts';
import type { LayerParametersState } from './state';
import { STRINGS, formatBytes, formatCount } from './strings';

const OWNER = 'layer-parameters widget';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);
const text = (root: ParentNode, role: string, value: string): void => textOf(root, role, value, OWNER);

/** The slider, the menu and their read-outs, and the size of the input (`side` × `side` × 3). */
export function showControls(root: HTMLElement, state: LayerParametersState, side: number): void {
  part<HTMLInputElement>(root, 'count').value = String(state.count);
  part<HTMLSelectElement>(root, 'kernel').value = String(state.kernel);
  showCount(root, state);
  text(root, 'inputs', formatCount(side * side * CHANNELS));
}

/** The count beside the slider (at once, while the layers are built). */
export function showCount(root: HTMLElement, state: LayerParametersState): void {
  text(root, 'count-value', formatCount(state.count));
}

/** Width of a row's bar: the number of digits, relative to the largest count's. */
export function barWidth(params: number, largest: number): string {
  const digits = Math.log10(Math.max(largest, 10));
  return `${Math.max(2, (100 * Math.log10(Math.max(params, 1))) / digits)}%`;
}

export function showCounts(root: HTMLElement, counts: Counts, state: LayerParametersState): void {
  const largest = Math.max(...ROWS.map((id) => counts[id].params));
  for (const id of ROWS) {
    const row = root.querySelector<HTMLElement>(`li[data-row="${id}"]`);
    if (!row) throw new WidgetMarkupError(`The ${OWNER}'s markup lacks data-row="${id}".`);
    const { params, reads, outputs } = counts[id];
    text(row, 'params', formatCount(params));
    text(row, 'bytes', formatBytes(float32Bytes(params)));
    text(row, 'reads', formatCount(reads));
    text(row, 'outputs', formatCount(outputs));
    part(row, 'bar').style.width = barWidth(params, largest);
  }
  const n = formatCount(state.count);
  text(
    root,
    'conv-check',
    STRINGS.convCheck(state.kernel, CHANNELS, n, formatCount(counts.conv.params), STRINGS.shape(counts.convShape)),
  );
  text(
    root,
    'dense-check',
    STRINGS.denseCheck(CHECK_SIDE, CHANNELS, n, formatCount(counts.measuredDense), formatCount(counts.checkInputs)),
  );
}
