/** Explanation explorer view: state and computed maps → controls, the scan with its overlay, legend, read-out, tables. */
import type { Grid } from '../../lib/model/core/grid';
import { valueStats } from '../../lib/model/core/grid';
import type { Method } from '../../lib/model/explain/methods';
import { part as partOf } from '../../lib/view/dom';
import { drawMap, drawOverlay, symmetricLimit } from '../../lib/view/heatmap';
import type { ExplainState } from './state';
import { STRINGS, value3 } from './strings';

const OWNER = 'explanation explorer';
const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T => partOf<T>(root, role, OWNER);

export interface ControlChoices {
  classes: readonly string[];
  probabilities: ArrayLike<number> | null;
  layers: readonly string[];
  defaultLayer: string;
}

function fillSelect(select: HTMLSelectElement, options: [string, string][], value: string): void {
  const current = [...select.options].map((o) => `${o.value}=${o.text}`).join('|');
  if (current !== options.map(([v, t]) => `${v}=${t}`).join('|'))
    select.replaceChildren(...options.map(([v, t]) => new Option(t, v)));
  select.value = options.some(([v]) => v === value) ? value : (options[0]?.[0] ?? '');
}

export function showControls(root: HTMLElement, state: ExplainState, choices: ControlChoices | null): void {
  part<HTMLSelectElement>(root, 'task').value = state.task;
  part<HTMLInputElement>(root, 'own').checked = state.own;
  for (const radio of root.querySelectorAll<HTMLInputElement>('input[data-role="space"]'))
    radio.checked = radio.value === state.space;
  part<HTMLSelectElement>(root, 'method').value = state.method;
  part<HTMLInputElement>(root, 'window').value = String(state.window);
  part<HTMLInputElement>(root, 'stride').value = String(state.stride);
  part<HTMLSelectElement>(root, 'fill').value = state.fill;
  part<HTMLSelectElement>(root, 'steps').value = String(state.steps);
  part<HTMLInputElement>(root, 'opacity').value = String(state.opacity);
  for (const field of root.querySelectorAll<HTMLElement>('[data-for]'))
    field.hidden = field.dataset.for !== state.method;
  if (!choices) return;
  const p = choices.probabilities;
  const top = p ? Array.from(p).indexOf(Math.max(...Array.from(p))) : -1;
  const predicted = p && top >= 0 ? STRINGS.predicted(choices.classes[top] ?? '', p[top] ?? 0) : 'predicted';
  fillSelect(
    part<HTMLSelectElement>(root, 'target'),
    [['predicted', predicted], ...choices.classes.map((c): [string, string] => [c, c])],
    state.target,
  );
  fillSelect(
    part<HTMLSelectElement>(root, 'layer'),
    [
      ['', STRINGS.defaultLayer(choices.defaultLayer)],
      ...choices.layers.filter((l) => l !== choices.defaultLayer).map((l): [string, string] => [l, l]),
    ],
    state.layer,
  );
}

export function drawScan(root: HTMLElement, gray: Float32Array, size: number): void {
  drawMap(part<HTMLCanvasElement>(root, 'scan'), { width: size, height: size, values: gray }, 'gray', {
    min: 0,
    max: 255,
  });
}

/** The overlay, the legend with the symmetric limit, the units and the absolute range; returns the limit. */
export function drawExplanation(root: HTMLElement, map: Grid, opacity: number, units: string, label: string): number {
  const limit = symmetricLimit(map.values);
  const overlay = part<HTMLCanvasElement>(root, 'overlay');
  drawOverlay(overlay, map, limit, opacity);
  overlay.setAttribute('aria-label', label);
  const [lo, mid, hi] = STRINGS.legend(limit);
  part(root, 'legend-lo').textContent = lo;
  part(root, 'legend-mid').textContent = mid;
  part(root, 'legend-hi').textContent = hi;
  part(root, 'units').textContent = `${units[0]?.toUpperCase() ?? ''}${units.slice(1)}.`;
  const finite = Array.from(map.values).filter(Number.isFinite);
  const { min, max } = valueStats(finite);
  part(root, 'range').textContent = STRINGS.range(min, max);
  return limit;
}

export function showReadout(root: HTMLElement, map: Grid | null, row: number, col: number, units: string): number {
  const value = map ? (map.values[row * map.width + col] ?? Number.NaN) : Number.NaN;
  part(root, 'readout').textContent = map ? STRINGS.readout(row, col, value, units) : STRINGS.readoutHint;
  return value;
}

export interface FaithRow {
  name: string;
  deletionAuc: number;
  insertionAuc: number;
}

export function showFaithfulness(root: HTMLElement, rows: readonly FaithRow[]): void {
  const holder = part(root, 'faith');
  if (rows.length === 0) {
    holder.replaceChildren();
    return;
  }
  const table = document.createElement('table');
  table.innerHTML =
    '<caption>Deletion and insertion (areas under the curves of the class’s probability)</caption>' +
    '<thead><tr><th scope="col">Map</th><th scope="col">Deletion (lower is better)</th>' +
    '<th scope="col">Insertion (higher is better)</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const text of [row.name, STRINGS.auc(row.deletionAuc), STRINGS.auc(row.insertionAuc)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  holder.replaceChildren(table);
}

export interface SanityView {
  method: Method;
  steps: { label: string; correlation: number; map: Grid }[];
}

/** One small map per randomisation step, each with its rank correlation to the trained model's map. */
export function showSanity(root: HTMLElement, view: SanityView | null): void {
  const holder = part(root, 'sanity-out');
  if (!view) {
    holder.replaceChildren();
    return;
  }
  const heading = document.createElement('p');
  heading.textContent = `Sanity check of ${STRINGS.methodName(view.method)}: the model randomised from the top down, cumulatively.`;
  const strip = document.createElement('div');
  strip.className = 'xp__strip';
  for (const step of view.steps) {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${step.label}: rank correlation ${value3(step.correlation)}`);
    drawOverlay(canvas, step.map, symmetricLimit(step.map.values), 1);
    const caption = document.createElement('figcaption');
    caption.textContent = `${step.label}: ρ = ${value3(step.correlation)}`;
    figure.append(canvas, caption);
    strip.append(figure);
  }
  holder.replaceChildren(heading, strip);
}
