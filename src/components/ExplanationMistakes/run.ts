/**
 * The mistakes figure, on the widget scaffold: the shipped model on every gallery test scan of its dataset, then a
 * map of the wrongly called class for each scan it gets wrong (Grad-CAM, or Kermany's occlusion in log-odds).
 */
import type { GalleryScan } from '../../lib/gallery';
import { preprocessGray } from '../../lib/model/core/preprocess';
import { classOf, TASKS } from '../../lib/model/core/tasks';
import { gradCam } from '../../lib/model/explain/gradients';
import { ExplainAbortedError, nextTask, type ExplanationMap } from '../../lib/model/explain/maps';
import { occlusion } from '../../lib/model/explain/occlusion';
import { explainableOf, Scorer } from '../../lib/model/explain/scorer';
import { drawMap, drawOverlay, symmetricLimit } from '../../lib/view/heatmap';
import { loadGallery, loadScan } from '../../lib/view/image-source';
import { pageClassifier } from '../../lib/view/model-store';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { callOf } from '../ExplanationExplorer/compute';
import { value3 } from '../ExplanationExplorer/strings';
import { mistakesUrlState, type MistakesState } from './state';
import { STRINGS } from './strings';

/** What tests read from `data-result`. */
export interface MistakesResult {
  task: MistakesState['task'];
  method: MistakesState['method'];
  checked: number;
  mistakes: { scan: string; truth: string; called: string; probability: number; limit: number }[];
}

type Ctx = WidgetContext<MistakesState, MistakesResult>;
interface Wrong {
  scan: GalleryScan;
  gray: Float32Array;
  truth: number;
  called: number;
  probabilities: number[];
}

export const explanationMistakes = defineWidget<MistakesState, object, MistakesResult>({
  name: 'mistakes figure',
  state: mistakesUrlState,
  strings: { loading: STRINGS.loading },
  load: async () => ({}),
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('task').value = ctx.state.task;
    ctx.part<HTMLSelectElement>('method').value = ctx.state.method;
  },
  setup: (ctx) => {
    for (const role of ['task', 'method'] as const) {
      const select = ctx.part<HTMLSelectElement>(role);
      ctx.listen(select, 'change', () => ctx.setState((s) => ({ ...s, [role]: select.value })));
    }
    ctx.text('caption', STRINGS.credit);
  },
  render: (ctx, _loaded, signal) => mistakes(ctx, signal),
});

async function findMistakes(
  ctx: Ctx,
  scorer: Scorer,
  signal: AbortSignal,
): Promise<{ wrong: Wrong[]; total: number } | null> {
  const task = TASKS[ctx.state.task];
  const scans = (await loadGallery()).scans.filter((s) => s.dataset === task.dataset);
  const wrong: Wrong[] = [];
  for (const [i, scan] of scans.entries()) {
    ctx.chrome.set('busy', STRINGS.checking(i + 1, scans.length));
    ctx.chrome.showProgress(i / scans.length);
    const gray = preprocessGray(await loadScan(scan), scorer.inputSize);
    const probabilities = await callOf(scorer, gray);
    if (signal.aborted) return null;
    const truth = task.classes.indexOf(classOf(task, scan) ?? '');
    const called = probabilities.indexOf(Math.max(...probabilities));
    if (truth >= 0 && called !== truth) wrong.push({ scan, gray, truth, called, probabilities });
    await nextTask();
  }
  return { wrong, total: scans.length };
}

async function mapOf(ctx: Ctx, scorer: Scorer, item: Wrong, signal: AbortSignal): Promise<ExplanationMap> {
  const target = item.called;
  if (ctx.state.method === 'gradcam')
    return (await gradCam(scorer, item.gray, { target, space: 'logodds', signal })).map;
  const result = await occlusion(scorer, item.gray, { window: 20, stride: 20, fill: 'zero', target, signal });
  return result.maps.logodds;
}

function figureOf(item: Wrong, map: ExplanationMap, classes: readonly string[], size: number): HTMLElement {
  const figure = document.createElement('figure');
  const frame = document.createElement('div');
  frame.className = 'xm__frame';
  const scan = document.createElement('canvas');
  drawMap(scan, { width: size, height: size, values: item.gray }, 'gray', { min: 0, max: 255 });
  const overlay = document.createElement('canvas');
  const limit = symmetricLimit(map.values);
  drawOverlay(overlay, map, limit, 0.75);
  const truth = classes[item.truth] ?? '';
  const called = classes[item.called] ?? '';
  overlay.setAttribute('role', 'img');
  overlay.setAttribute('aria-label', STRINGS.aria(item.scan.id, truth, called));
  frame.append(scan, overlay);
  const caption = document.createElement('figcaption');
  caption.textContent = STRINGS.caption(
    item.scan.id,
    truth,
    called,
    item.probabilities[item.called] ?? 0,
    value3(limit),
  );
  figure.append(frame, caption);
  return figure;
}

async function mistakes(ctx: Ctx, signal: AbortSignal): Promise<MistakesResult | null> {
  const started = performance.now();
  const classifier = await pageClassifier(ctx.runtime, ctx.state.task);
  const scorer = new Scorer(explainableOf(ctx.runtime.tf, classifier));
  const found = await findMistakes(ctx, scorer, signal);
  if (!found) return null;
  const classes = classifier.meta.classes;
  const grid = ctx.part('mistakes');
  grid.replaceChildren();
  ctx.text(
    'summary',
    found.wrong.length
      ? STRINGS.summary(found.wrong.length, found.total, TASKS[ctx.state.task].title)
      : STRINGS.none(found.total),
  );
  const out: MistakesResult['mistakes'] = [];
  for (const [i, item] of found.wrong.entries()) {
    ctx.chrome.set('busy', STRINGS.mapping(i + 1, found.wrong.length));
    ctx.chrome.showProgress(i / found.wrong.length);
    const map = await mapOf(ctx, scorer, item, signal).catch((error: unknown) => {
      if (error instanceof ExplainAbortedError) return null;
      throw error;
    });
    if (!map || signal.aborted) return null;
    grid.append(figureOf(item, map, classes, scorer.inputSize));
    out.push({
      scan: item.scan.id,
      truth: classes[item.truth] ?? '',
      called: classes[item.called] ?? '',
      probability: item.probabilities[item.called] ?? 0,
      limit: symmetricLimit(map.values),
    });
    await ctx.whenVisible();
  }
  ctx.chrome.set('ready', STRINGS.ready(out.length, performance.now() - started, ctx.runtime.backend));
  return { task: ctx.state.task, method: ctx.state.method, checked: found.total, mistakes: out };
}
