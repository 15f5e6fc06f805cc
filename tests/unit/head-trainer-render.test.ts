/**
 * The head trainer's renderer in Node (linkedom): fixed classes, examples, plans and scores in; columns, thumbnails,
 * control states, score tables and the loss curve out. Thumbnails draw through a stub 2D context (checked only for
 * their size); the curve is a real Observable Plot figure.
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, test } from 'vitest';
import type { HeldExample } from '../../src/components/HeadTrainer/examples';
import {
  applyControls,
  buildClassColumns,
  showCurve,
  showExamples,
  showMessage,
  showScores,
} from '../../src/components/HeadTrainer/render';
import type { ControlPlan } from '../../src/components/HeadTrainer/state';
import type { HeadScore } from '../../src/lib/model/training/retrain';
import type { EpochReport } from '../../src/lib/model/training/train-head';
import { mount, stubCanvas2d } from './dom-stub';

/** The parts of HeadTrainer.astro the renderer writes to. */
const MARKUP = `
  <select data-role="task"><option value="cxr">cxr</option></select>
  <p data-role="model-info"></p>
  <div data-role="classes"></div>
  <p data-role="message"></p>
  <button data-action="train" disabled>Train my head</button>
  <button data-action="cancel" hidden>Stop training</button>
  <button data-action="download" disabled>Download</button>
  <button data-action="forget" disabled>Forget</button>
  <p data-role="train-reason" hidden></p>
  <div data-role="curve"></div>
  <table><caption data-role="scores-caption"></caption>
    <tr><td data-role="yours"></td></tr><tr><td data-role="shipped"></td></tr></table>
  <p data-role="scores-note"></p>
  <table><tbody data-role="verdicts"></tbody></table>`;

stubCanvas2d();

const CLASSES = ['NORMAL', 'PNEUMONIA'];

function example(key: string, classIndex: number): HeldExample {
  return {
    key,
    classIndex,
    feature: new Float32Array(2),
    name: key.split('#')[0] ?? key,
    scanId: null,
    preview: { width: 2, height: 2, values: Float32Array.from([0, 80, 160, 255]) },
  };
}

const PLAN: ControlPlan = {
  task: true,
  addGallery: [true, false],
  edit: true,
  train: false,
  trainReason: 'Add at least 2 examples of PNEUMONIA (now 0).',
  download: false,
  forget: false,
  cancel: false,
};

describe('head trainer renderer', () => {
  test('one labelled column per class: count, gallery button, file input, thumbnail list', () => {
    const root = mount(MARKUP);
    buildClassColumns(root, CLASSES, 5);
    const sections = [...root.querySelectorAll('section.ht-class')];
    expect(sections.map((s) => s.getAttribute('aria-label'))).toEqual(CLASSES);
    const [normal] = sections;
    expect(normal?.querySelector('h3')?.textContent).toBe('NORMAL0 examples');
    expect(normal?.querySelector('[data-action="add-gallery"]')?.textContent).toBe('Add 5 training films');
    const file = normal?.querySelector<HTMLInputElement>('label.ht-file input');
    expect([file?.type, file?.accept, file?.multiple, file?.dataset.class]).toEqual([
      'file',
      'image/*,.dcm,.dicom,application/dicom',
      true,
      '0',
    ]);
    expect(normal?.querySelector('label.ht-file')?.textContent).toBe('Add your own…');
    expect(sections[1]?.querySelector('ul.ht-thumbs')?.getAttribute('aria-label')).toBe('PNEUMONIA examples');
  });

  test('thumbnails: a named picture and a named remove button each; unchanged examples keep their elements', () => {
    const root = mount(MARKUP);
    buildClassColumns(root, CLASSES, 5);
    const examples = [example('a.png#1', 0), example('b.png#2', 0)];
    showExamples(root, 0, examples);
    const normal = root.querySelector('section[data-class="0"]') as HTMLElement;
    expect(normal.querySelector('[data-role="count"]')?.textContent).toBe('2 examples');
    const canvases = [...normal.querySelectorAll('canvas')];
    expect(canvases.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label'), c.width])).toEqual([
      ['img', 'a.png', 2],
      ['img', 'b.png', 2],
    ]);
    const removes = [...normal.querySelectorAll('button[data-remove]')];
    expect(removes.map((b) => [b.getAttribute('aria-label'), b.getAttribute('data-remove')])).toEqual([
      ['Remove a.png', 'a.png#1'],
      ['Remove b.png', 'b.png#2'],
    ]);
    const first = normal.querySelector('li');
    showExamples(root, 0, examples);
    expect(normal.querySelector('li')).toBe(first);
    showExamples(root, 0, examples.slice(1));
    expect(normal.querySelectorAll('li')).toHaveLength(1);
    expect(normal.querySelector('[data-role="count"]')?.textContent).toBe('1 example');
  });

  test('controls follow the plan; the reason training is off is shown, and hidden once it is on', () => {
    const root = mount(MARKUP);
    buildClassColumns(root, CLASSES, 5);
    showExamples(root, 0, [example('a.png#1', 0)]);
    applyControls(root, PLAN);
    const disabled = (selector: string): boolean[] =>
      [...root.querySelectorAll<HTMLButtonElement>(selector)].map((c) => c.disabled);
    expect(disabled('[data-action="add-gallery"]')).toEqual([false, true]);
    expect(disabled('[data-action="train"], [data-action="download"], [data-action="forget"]')).toEqual([
      true,
      true,
      true,
    ]);
    expect(disabled('input[type="file"], [data-remove]')).toEqual([false, false, false]);
    const reason = root.querySelector<HTMLElement>('[data-role="train-reason"]');
    expect(reason?.hidden).toBe(false);
    expect(reason?.textContent).toBe(PLAN.trainReason);
    expect(root.querySelector<HTMLElement>('[data-action="cancel"]')?.hidden).toBe(true);
    applyControls(root, { ...PLAN, train: true, trainReason: '', edit: false, cancel: true, task: false });
    expect(disabled('[data-action="train"]')).toEqual([false]);
    expect(disabled('input[type="file"], [data-remove]')).toEqual([true, true, true]);
    expect(reason?.hidden).toBe(true);
    expect(root.querySelector<HTMLElement>('[data-action="cancel"]')?.hidden).toBe(false);
    expect(root.querySelector<HTMLSelectElement>('[data-role="task"]')?.disabled).toBe(true);
  });

  test('scores with their intervals, and scan by scan which head called what', () => {
    const root = mount(MARKUP);
    const verdict = (truth: number, predicted: number) => ({ truth, predicted, probabilities: new Float32Array(2) });
    const shipped: HeadScore = { correct: 2, total: 2, confusion: [], verdicts: [verdict(0, 0), verdict(1, 1)] };
    const yours: HeadScore = { correct: 1, total: 2, confusion: [], verdicts: [verdict(0, 1), verdict(1, 1)] };
    const rows = [
      { name: 'IM-0001', truth: 0 },
      { name: 'person1_virus_6', truth: 1 },
    ];
    showScores(root, CLASSES, rows, shipped, null);
    expect(root.querySelector('[data-role="yours"]')?.textContent).toBe('not trained yet');
    expect(root.querySelector('[data-role="scores-caption"]')?.textContent).toBe(
      'On 2 held-out test-split scans the reader never trained on',
    );
    showScores(root, CLASSES, rows, shipped, yours);
    expect(root.querySelector('[data-role="yours"]')?.textContent).toMatch(/^1 of 2 \(50\s?%; 95 % interval/);
    expect(root.querySelector('[data-role="shipped"]')?.textContent).toMatch(/^2 of 2 \(100\s?%/);
    const cells = [...root.querySelectorAll('[data-role="verdicts"] tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map(
        (td) => `${td.textContent}${td.dataset.correct ? `:${td.dataset.correct}` : ''}`,
      ),
    );
    expect(cells).toEqual([
      ['IM-0001', 'NORMAL', 'PNEUMONIA:false', 'NORMAL:true'],
      ['person1_virus_6', 'PNEUMONIA', 'PNEUMONIA:true', 'PNEUMONIA:true'],
    ]);
    showScores(root, CLASSES, [], null, null);
    expect(root.querySelector('[data-role="scores-caption"]')?.textContent).toContain('No held-out test scans');
    expect(root.querySelectorAll('[data-role="verdicts"] tr')).toHaveLength(0);
  });

  test('the loss curve: a named figure with a line and the last epoch marked; nothing before training', () => {
    const root = mount(MARKUP);
    const history: EpochReport[] = [0.9, 0.5, 0.31].map((trainLoss, i) => ({
      epoch: i + 1,
      epochs: 60,
      trainLoss,
      validationLoss: null,
      validationAccuracy: null,
      seconds: 0.1,
    }));
    showCurve(Plot, root, history);
    const svg = root.querySelector('[data-role="curve"] svg');
    expect(svg?.getAttribute('aria-label')).toBe(
      'Training loss (solid) and validation loss (dashed) over 3 epochs, last 0.31.',
    );
    expect(svg?.querySelectorAll('path').length).toBeGreaterThan(0);
    expect(svg?.querySelectorAll('circle')).toHaveLength(1);
    // Plot's named groups get a role, so their names are valid ARIA (plot-a11y).
    expect(svg?.querySelectorAll('g[aria-label]:not([role="group"])')).toHaveLength(0);
    expect(svg?.querySelectorAll('g[aria-label][role="group"]').length).toBeGreaterThan(0);
    showCurve(Plot, root, []);
    expect(root.querySelector('[data-role="curve"]')?.children).toHaveLength(0);
    showMessage(root, 'Added 5 to NORMAL.', 'credits');
    expect(root.querySelector('[data-role="message"]')?.getAttribute('title')).toBe('credits');
  });
});
