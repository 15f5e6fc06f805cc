/** The head trainer's DOM: one column per class (from meta), example thumbnails, the loss curve, the score tables. */
import type * as PlotModule from '@observablehq/plot';
import type { EpochReport } from '../../lib/model/training/train-head';
import { wilson } from '../../lib/model/evaluation/metrics';
import type { HeadScore } from '../../lib/model/training/retrain';
import { drawMap } from '../../lib/view/heatmap';
import type { HeldExample } from './examples';
import { STRINGS } from './strings';

type Plot = typeof PlotModule;

export function part<T extends Element>(root: ParentNode, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`The head-trainer markup lacks data-role="${role}".`);
  return element;
}

/** One column per class: heading with count, "add training films", "add your own" (file input), thumbnails. */
export function buildClassColumns(
  root: HTMLElement,
  classes: readonly string[],
  galleryPerClass: readonly number[],
  step: number,
): void {
  const columns = classes.map((name, i) => {
    const section = document.createElement('section');
    section.className = 'ht-class';
    section.dataset.class = String(i);
    section.setAttribute('aria-label', name);
    const heading = document.createElement('h3');
    const title = document.createElement('span');
    title.textContent = name;
    const count = document.createElement('span');
    count.dataset.role = 'count';
    count.textContent = STRINGS.countLabel(0);
    heading.append(title, count);
    const buttons = document.createElement('div');
    buttons.className = 'ht-class__buttons';
    const add = document.createElement('button');
    add.type = 'button';
    add.dataset.action = 'add-gallery';
    add.dataset.class = String(i);
    add.textContent = STRINGS.addTraining(step);
    add.disabled = (galleryPerClass[i] ?? 0) === 0;
    const file = document.createElement('label');
    file.className = 'ht-file';
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = 'image/*';
    input.dataset.class = String(i);
    file.append(input, document.createTextNode('Add your own…'));
    buttons.append(add, file);
    const thumbs = document.createElement('ul');
    thumbs.className = 'ht-thumbs';
    thumbs.dataset.role = 'thumbs';
    thumbs.setAttribute('aria-label', `${name} examples`);
    section.append(heading, buttons, thumbs);
    return section;
  });
  part(root, 'classes').replaceChildren(...columns);
}

export function showExamples(root: HTMLElement, classIndex: number, examples: readonly HeldExample[]): void {
  const section = root.querySelector<HTMLElement>(`.ht-class[data-class="${classIndex}"]`);
  if (!section) return;
  part(section, 'count').textContent = STRINGS.countLabel(examples.length);
  const items = examples.map((example) => {
    const item = document.createElement('li');
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', example.name);
    canvas.title = example.name;
    drawMap(canvas, example.preview, 'gray', { min: 0, max: 255 });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.remove = example.key;
    remove.setAttribute('aria-label', STRINGS.removeLabel(example.name));
    remove.textContent = '×';
    item.append(canvas, remove);
    return item;
  });
  part(section, 'thumbs').replaceChildren(...items);
}

export function showCurve(Plot: Plot, root: HTMLElement, history: readonly EpochReport[]): void {
  const area = part(root, 'curve');
  if (history.length === 0) return void area.replaceChildren();
  const last = history[history.length - 1] as EpochReport;
  area.replaceChildren(
    Plot.plot({
      width: 340,
      height: 200,
      marginLeft: 46,
      marginBottom: 36,
      ariaLabel: STRINGS.curveLabel(history.length, last.trainLoss),
      style: { background: 'transparent', fontSize: '11px' },
      x: { label: STRINGS.curveX, labelAnchor: 'center', labelArrow: 'none', domain: [1, Math.max(2, last.epochs)] },
      y: { label: STRINGS.curveY, grid: true, labelArrow: 'none', zero: true },
      marks: [
        Plot.line(history, { x: 'epoch', y: 'trainLoss', stroke: 'var(--chart-a)', strokeWidth: 2 }),
        Plot.dot([last], { x: 'epoch', y: 'trainLoss', r: 3.5, fill: 'var(--chart-a)' }),
      ],
    }),
  );
}

export interface HeldOutRow {
  name: string;
  truth: number;
}

export function showScores(
  root: HTMLElement,
  classes: readonly string[],
  rows: readonly HeldOutRow[],
  shipped: HeadScore | null,
  yours: HeadScore | null,
): void {
  part(root, 'scores-caption').textContent = rows.length ? STRINGS.scoreCaption(rows.length) : STRINGS.noHeldOut;
  const correct = (score: HeadScore): string => {
    const { low, high } = wilson(score.correct, score.total);
    return STRINGS.correct(score.correct, score.total, low, high);
  };
  part(root, 'shipped').textContent = shipped ? correct(shipped) : '—';
  part(root, 'yours').textContent = yours ? correct(yours) : STRINGS.notTrained;
  part(root, 'scores-note').textContent = rows.length ? STRINGS.fewScans : '';
  const cell = (text: string, correct?: boolean): HTMLTableCellElement => {
    const td = document.createElement('td');
    td.textContent = text;
    if (correct !== undefined) td.dataset.correct = String(correct);
    return td;
  };
  const body = part(root, 'verdicts').querySelector('tbody');
  body?.replaceChildren(
    ...rows.map((row, i) => {
      const tr = document.createElement('tr');
      const mine = yours?.verdicts[i];
      const theirs = shipped?.verdicts[i];
      tr.append(
        cell(row.name),
        cell(classes[row.truth] ?? '?'),
        mine ? cell(classes[mine.predicted] ?? '?', mine.predicted === row.truth) : cell('—'),
        theirs ? cell(classes[theirs.predicted] ?? '?', theirs.predicted === row.truth) : cell('—'),
      );
      return tr;
    }),
  );
}
