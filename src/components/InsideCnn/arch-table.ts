/** The architecture table, from the loaded model's layer rows: every layer with its kernel, stride and receptive field. */
import type { LayerRow } from '../../lib/model/core/backbone';
import type { ReceptiveField } from '../../lib/model/lessons/receptive-field';
import { STRINGS, dims } from './strings';

export function fillArchTable(
  body: HTMLElement,
  rows: readonly LayerRow[],
  fields: ReadonlyMap<string, ReceptiveField>,
): void {
  const doc = body.ownerDocument;
  body.replaceChildren(
    ...rows.map((row) => {
      const field = fields.get(row.name);
      const tr = doc.createElement('tr');
      tr.dataset.layer = row.name;
      const cells: [string, boolean][] = [
        [String(row.index), true],
        [row.name, false],
        [row.type, false],
        [dims(row.outputShape.slice(1)), false],
        [STRINGS.count(row.params), true],
        [STRINGS.archKernel(row.kernel, row.stride), false],
        [field ? STRINGS.count(field.size[0]) : '', true],
        [field && row.outputShape.length === 4 ? STRINGS.count(field.jump[0]) : '', true],
      ];
      tr.append(
        ...cells.map(([text, numeric]) => {
          const td = doc.createElement('td');
          td.textContent = text;
          if (numeric) td.className = 'num';
          return td;
        }),
      );
      return tr;
    }),
  );
}

/** Highlights the row of the layer being browsed. */
export function markArchRow(body: HTMLElement, layer: string): void {
  for (const row of body.querySelectorAll<HTMLTableRowElement>('tr')) {
    if (row.dataset.layer === layer) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
}
