/**
 * The head trainer's DOM: one column per class (from meta), example thumbnails, the controls' states, the loss curve
 * and the score tables. No tfjs and no fetching: state and computed values in, DOM out (tested with linkedom).
 */
import type * as PlotModule from '@observablehq/plot';
import { wilson } from '../../lib/model/evaluation/metrics';
import { labelPlotGroups } from '../../lib/plot-a11y';
import type { HeadScore } from '../../lib/model/training/retrain';
import type { EpochReport } from '../../lib/model/training/train-head';
import { part as partOf } from '../../lib/view/dom';
import { drawMap } from '../../lib/view/heatmap';
import { IMAGE_ACCEPT } from '../../lib/view/image-source';
import type { HeldExample } from './examples';
import type { HeldOutRow } from './scans';
import type { ControlPlan } from './state';
import { STRINGS } from './strings';

type Plot = typeof PlotModule;

const OWNER = 'head trainer';
export const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, OWNER);

function element<K extends keyof HTMLElementTagNameMap>(
  parent: Element,
  tag: K,
  props: { className?: string; text?: string; data?: Record<string, string> } = {},
): HTMLElementTagNameMap[K] {
  const node = parent.ownerDocument.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [key, value] of Object.entries(props.data ?? {})) node.dataset[key] = value;
  return node;
}

/** One column per class: heading with count, "add training films", "add your own" (file input), thumbnails. */
export function buildClassColumns(root: HTMLElement, classes: readonly string[], step: number): void {
  const area = part(root, 'classes');
  const columns = classes.map((name, i) => {
    const section = element(area, 'section', { className: 'ht-class', data: { class: String(i) } });
    section.setAttribute('aria-label', name);
    const heading = element(area, 'h3');
    heading.append(
      element(area, 'span', { text: name }),
      element(area, 'span', { text: STRINGS.countLabel(0), data: { role: 'count' } }),
    );
    const buttons = element(area, 'div', { className: 'ht-class__buttons' });
    const add = element(area, 'button', {
      text: STRINGS.addTraining(step),
      data: { action: 'add-gallery', class: String(i) },
    });
    add.type = 'button';
    add.disabled = true;
    const file = element(area, 'label', { className: 'ht-file' });
    const input = element(area, 'input', { data: { class: String(i) } });
    input.type = 'file';
    input.multiple = true;
    input.accept = IMAGE_ACCEPT;
    file.append(input, element(area, 'span', { text: STRINGS.addOwn }));
    buttons.append(add, file);
    const thumbs = element(area, 'ul', { className: 'ht-thumbs', data: { role: 'thumbs' } });
    thumbs.setAttribute('aria-label', STRINGS.examplesLabel(name));
    section.append(heading, buttons, thumbs);
    return section;
  });
  area.replaceChildren(...columns);
}

export function showExamples(root: HTMLElement, classIndex: number, examples: readonly HeldExample[]): void {
  const section = root.querySelector<HTMLElement>(`.ht-class[data-class="${classIndex}"]`);
  if (!section) return;
  part(section, 'count').textContent = STRINGS.countLabel(examples.length);
  // Unchanged examples keep their elements (and keyboard focus on a remove button).
  const thumbs = part(section, 'thumbs');
  const keys = examples.map((e) => e.key).join('\n');
  if (thumbs.dataset.keys === keys && thumbs.children.length === examples.length) return;
  thumbs.dataset.keys = keys;
  const items = examples.map((example) => {
    const item = element(section, 'li');
    const canvas = element(section, 'canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', example.name);
    canvas.title = example.name;
    drawMap(canvas, example.preview, 'gray', { min: 0, max: 255 });
    const remove = element(section, 'button', { text: '×', data: { remove: example.key } });
    remove.type = 'button';
    remove.setAttribute('aria-label', STRINGS.removeLabel(example.name));
    item.append(canvas, remove);
    return item;
  });
  thumbs.replaceChildren(...items);
}

/** Enables what the plan allows; the reason training is off stays visible beside the button and describes it. */
export function applyControls(root: HTMLElement, plan: ControlPlan): void {
  const set = (selector: string, enabled: boolean): void =>
    root.querySelectorAll<HTMLButtonElement | HTMLInputElement>(selector).forEach((control) => {
      control.disabled = !enabled;
    });
  part<HTMLSelectElement>(root, 'task').disabled = !plan.task;
  root.querySelectorAll<HTMLButtonElement>('[data-action="add-gallery"]').forEach((button) => {
    button.disabled = !plan.addGallery[Number(button.dataset.class)];
  });
  set('.ht-class input[type="file"], [data-remove], [data-role="import"]', plan.edit);
  set('[data-action="train"]', plan.train);
  set('[data-action="download"]', plan.download);
  set('[data-action="forget"]', plan.forget);
  root.querySelector('[data-action="cancel"]')?.toggleAttribute('hidden', !plan.cancel);
  const reason = part(root, 'train-reason');
  reason.textContent = plan.trainReason;
  reason.hidden = plan.trainReason === '';
}

/** The step-by-step line; `busy` keeps screen readers to the outcome instead of every image or epoch. */
export function showMessage(root: HTMLElement, text: string, title?: string): void {
  const message = part(root, 'message');
  message.textContent = text;
  if (title !== undefined) message.title = title;
}

export function markBusy(root: HTMLElement, busy: boolean): void {
  part(root, 'message').toggleAttribute('aria-busy', busy);
}

export function showModelInfo(root: HTMLElement, text: string): void {
  part(root, 'model-info').textContent = text;
}

export function showCurve(Plot: Plot, root: HTMLElement, history: readonly EpochReport[]): void {
  const area = part(root, 'curve');
  if (history.length === 0) return void area.replaceChildren();
  const last = history[history.length - 1] as EpochReport;
  const chart = Plot.plot({
    document: root.ownerDocument,
    width: 340,
    height: 200,
    marginLeft: 46,
    marginBottom: 36,
    ariaLabel: STRINGS.curveLabel(history.length, last.trainLoss, last.validationLoss),
    style: { background: 'transparent', fontSize: '11px' },
    x: { label: STRINGS.curveX, labelAnchor: 'center', labelArrow: 'none', domain: [1, Math.max(2, last.epochs)] },
    y: { label: STRINGS.curveY, grid: true, labelArrow: 'none', zero: true },
    marks: [
      Plot.line(history, { x: 'epoch', y: 'trainLoss', stroke: 'var(--chart-a)', strokeWidth: 2 }),
      Plot.dot([last], { x: 'epoch', y: 'trainLoss', r: 3.5, fill: 'var(--chart-a)' }),
      // The validation loss early stopping watches (absent for a head restored from before it was kept).
      Plot.line(
        history.filter((h) => h.validationLoss !== null),
        { x: 'epoch', y: 'validationLoss', stroke: 'var(--chart-b)', strokeWidth: 2, strokeDasharray: '5,3' },
      ),
      Plot.text([last], {
        x: 'epoch',
        y: 'trainLoss',
        text: () => STRINGS.curveTrain,
        dy: -8,
        textAnchor: 'end',
        fill: 'var(--chart-a)',
      }),
      Plot.text(
        [last].filter((h) => h.validationLoss !== null),
        {
          x: 'epoch',
          y: 'validationLoss',
          text: () => STRINGS.curveValidation,
          dy: -8,
          textAnchor: 'end',
          fill: 'var(--chart-b)',
        },
      ),
    ],
  });
  labelPlotGroups(chart);
  area.replaceChildren(chart);
}

function correctText(score: HeadScore): string {
  const { low, high } = wilson(score.correct, score.total);
  return STRINGS.correct(score.correct, score.total, low, high);
}

export function showScores(
  root: HTMLElement,
  classes: readonly string[],
  rows: readonly HeldOutRow[],
  shipped: HeadScore | null,
  yours: HeadScore | null,
): void {
  part(root, 'scores-caption').textContent = rows.length ? STRINGS.scoreCaption(rows.length) : STRINGS.noHeldOut;
  part(root, 'shipped').textContent = shipped ? correctText(shipped) : STRINGS.noScore;
  part(root, 'yours').textContent = yours ? correctText(yours) : STRINGS.notTrained;
  part(root, 'scores-note').textContent = rows.length ? STRINGS.fewScans : '';
  const body = part(root, 'verdicts');
  const name = (index: number): string => classes[index] ?? STRINGS.unknownClass;
  const cell = (text: string, correct?: boolean): HTMLTableCellElement => {
    const td = element(body, 'td', { text });
    if (correct !== undefined) td.dataset.correct = String(correct);
    return td;
  };
  body.replaceChildren(
    ...rows.map((row, i) => {
      const tr = element(body, 'tr');
      const mine = yours?.verdicts[i];
      const theirs = shipped?.verdicts[i];
      tr.append(
        cell(row.name),
        cell(name(row.truth)),
        mine ? cell(name(mine.predicted), mine.predicted === row.truth) : cell(STRINGS.noScore),
        theirs ? cell(name(theirs.predicted), theirs.predicted === row.truth) : cell(STRINGS.noScore),
      );
      return tr;
    }),
  );
}

/** After a removal, keyboard focus stays in the column: the next example's remove button, else its first button. */
export function focusAfterRemoval(root: HTMLElement, classIndex: number, index: number): void {
  const column = root.querySelector<HTMLElement>(`.ht-class[data-class="${classIndex}"]`);
  const buttons = column?.querySelectorAll<HTMLButtonElement>('[data-remove]');
  (
    buttons?.[Math.min(index, buttons.length - 1)] ?? column?.querySelector<HTMLButtonElement>('button:not(:disabled)')
  )?.focus();
}
