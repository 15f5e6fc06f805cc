/**
 * The explanation explorer, on the widget scaffold: a map of the chosen method for the chosen class, drawn as it
 * arrives (occlusion coarse first), with progress and cancel; faithfulness and sanity checks on demand. A window or
 * stride the scan cannot hold, or an image with transparent pixels, is refused with the reason and the map stays.
 */
import { TASKS } from '../../lib/model/core/tasks';
import { preprocessGray, type RawImage } from '../../lib/model/core/preprocess';
import { ExplainAbortedError, nextTask, type Cancellable } from '../../lib/model/explain/maps';
import { occlusionProblem } from '../../lib/model/explain/occlusion';
import { pageClassifier } from '../../lib/view/model-store';
import { defineWidget } from '../../lib/view/widget';
import { bindControls } from './controls';
import { currentExplanation, show, type Ctx, type ExplanationResult, type Loaded } from './view';
import { callOf, computeMap, faithfulness, sanity, settingsOf, subjectOf, type Subject } from './compute';
import { drawExplanation, drawScan, showControls } from './render';
import { baseKey, explainUrlState, mapKey, targetIndex, type ExplainState } from './state';
import { STRINGS } from './strings';

export type { ExplanationResult };

export const explanationExplorer = defineWidget<ExplainState, Loaded, ExplanationResult>({
  name: 'explanation explorer',
  state: explainUrlState,
  strings: { loading: STRINGS.loading, chooseImage: STRINGS.chooseImage },
  scan: {},
  load: async (_ctx, previous) => {
    disposeOwn(previous);
    return {
      subject: null,
      gray: null,
      call: null,
      view: null,
      faith: { base: '', rows: new Map() },
      sanity: null,
      action: null,
      cancel: null,
      cursor: previous?.cursor ?? { row: 112, col: 112 },
    };
  },
  sync: (ctx) => showControls(ctx.root, ctx.state, null),
  setup: (ctx, current) => bindControls(ctx, current),
  onScan: (ctx, selection) => {
    ctx.text('caption', selection.caption);
    const dataset = selection.scan?.dataset;
    if (dataset && TASKS[ctx.state.task].dataset !== dataset)
      ctx.setState((s) => ({ ...s, task: dataset === 'oct' ? 'oct' : 'cxr', target: 'predicted' }), { render: false });
  },
  render: (ctx, loaded, signal) => renderExplanation(ctx, loaded, signal),
  dispose: disposeOwn,
});

function disposeOwn(loaded: Loaded | null): void {
  loaded?.subject?.subject.own?.head.dispose();
  if (loaded) loaded.subject = null;
}

/** Why an image cannot be explained (transparent pixels have no gray value the model was trained on), or null. */
function imageProblem(image: RawImage): string | null {
  if (image.channels !== 4) return null;
  for (let i = 3; i < image.data.length; i += 4)
    if ((image.data[i] as number) < 255)
      return 'this image has transparent pixels, and a transparent pixel has no gray value the model could read. Flatten it onto a background first.';
  return null;
}

async function subjectFor(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<Subject | null> {
  const key = `${ctx.state.task}|${ctx.state.own}`;
  if (loaded.subject?.key === key) return loaded.subject.subject;
  ctx.chrome.set('busy', STRINGS.loadingModel(TASKS[ctx.state.task].title));
  ctx.chrome.showProgress(null);
  const classifier = await pageClassifier(ctx.runtime, ctx.state.task);
  const made = await subjectOf(ctx.runtime.tf, classifier, ctx.state.own);
  if (signal.aborted) {
    made.subject.own?.head.dispose();
    return null;
  }
  disposeOwn(loaded);
  loaded.subject = { key, ...made };
  ctx.text('own-note', made.note);
  return made.subject;
}

/** The scan's gray values and the subject's call on it (cached per scan and model). */
async function scanFor(
  ctx: Ctx,
  loaded: Loaded,
  subject: Subject,
): Promise<{ gray: Float32Array; probabilities: number[] } | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const size = subject.scorer.inputSize;
  if (loaded.gray?.id !== selection.id)
    loaded.gray = { id: selection.id, values: preprocessGray(selection.image, size) };
  const gray = loaded.gray.values;
  const key = `${selection.id}|${loaded.subject?.key ?? ''}`;
  if (loaded.call?.key !== key) loaded.call = { key, probabilities: await callOf(subject.scorer, gray) };
  return { gray, probabilities: loaded.call.probabilities };
}

/** Says why nothing was computed; the previous map, its scan and the published result stay. */
function refuse(ctx: Ctx, reason: string): null {
  ctx.text('refusal', STRINGS.refused(reason));
  ctx.chrome.set('ready', STRINGS.refused(reason));
  return null;
}

async function renderExplanation(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<ExplanationResult | null> {
  const selection = ctx.scan;
  if (!selection) return null;
  const problem =
    imageProblem(selection.image) ??
    (ctx.state.method === 'occlusion' ? occlusionProblem(224, ctx.state.window, ctx.state.stride) : null);
  if (problem) return refuse(ctx, problem);
  ctx.text('refusal', '');
  const subject = await subjectFor(ctx, loaded, signal);
  if (!subject || signal.aborted) return null;
  const scan = await scanFor(ctx, loaded, subject);
  if (!scan || signal.aborted) return null;
  const meta = subject.explainable.meta;
  const target = targetIndex(ctx.state, meta.classes, scan.probabilities);
  const defaultLayer = meta.feature.layer;
  showControls(ctx.root, ctx.state, {
    classes: meta.classes,
    probabilities: scan.probabilities,
    layers: subject.layers,
    defaultLayer,
  });
  ctx.text('call', STRINGS.call(meta.classes, scan.probabilities));
  drawScan(ctx.root, scan.gray, subject.scorer.inputSize);
  const key = mapKey(selection.id, ctx.state, target);
  const cancel = new AbortController();
  loaded.cancel = cancel;
  const run: Cancellable = { signal: AbortSignal.any([signal, cancel.signal]), pause: () => pauseFor(ctx) };
  ctx.part<HTMLButtonElement>('cancel').disabled = false;
  try {
    if (loaded.view?.key !== key) await compute(ctx, loaded, subject, scan.gray, target, key, run);
    await runAction(ctx, loaded, subject, scan.gray, run);
  } catch (error) {
    if (!(error instanceof ExplainAbortedError)) throw error;
    if (cancel.signal.aborted && !signal.aborted) ctx.chrome.set('ready', STRINGS.cancelled);
    return null;
  } finally {
    ctx.part<HTMLButtonElement>('cancel').disabled = true;
    loaded.cancel = null;
    loaded.action = null;
  }
  return show(ctx, loaded);
}

const pauseFor = async (ctx: Ctx): Promise<void> => {
  await nextTask();
  await ctx.whenVisible();
};

async function compute(
  ctx: Ctx,
  loaded: Loaded,
  subject: Subject,
  gray: Float32Array,
  target: number,
  key: string,
  run: Cancellable,
): Promise<void> {
  const started = performance.now();
  const { state } = ctx;
  ctx.chrome.set('busy', STRINGS.computing(state.method));
  ctx.chrome.showProgress(null);
  const units = STRINGS.units(state.method, state.space, subject.explainable.meta.classes[target] ?? '');
  const computed = await computeMap(subject, gray, state, settingsOf(state, target), {
    ...run,
    onOcclusion: (partial) => {
      ctx.chrome.set('busy', STRINGS.occluding(partial.done, partial.total));
      ctx.chrome.showProgress(partial.done / partial.total);
      drawExplanation(ctx.root, partial.maps[state.space], state.opacity, units, STRINGS.overlayAria(state.method, ''));
    },
  });
  loaded.view = { key, base: baseKey(ctx.scan?.id ?? '', state, target), target, computed };
  ctx.chrome.set('ready', STRINGS.ready(state.method, performance.now() - started, ctx.runtime.backend));
}

async function runAction(
  ctx: Ctx,
  loaded: Loaded,
  subject: Subject,
  gray: Float32Array,
  run: Cancellable,
): Promise<void> {
  const view = loaded.view;
  if (!view || !loaded.action) return;
  if (loaded.faith.base !== view.base) loaded.faith = { base: view.base, rows: new Map() };
  const state = ctx.state;
  if (loaded.action === 'measure') {
    ctx.chrome.set('busy', STRINGS.faithfulness);
    ctx.chrome.showProgress(null);
    const withRandom = !loaded.faith.rows.has(STRINGS.randomRow);
    const map = currentExplanation(ctx, loaded)?.map ?? view.computed.explanation.map;
    const rows = await faithfulness(subject, gray, map, view.target, withRandom, run);
    loaded.faith.rows.set(STRINGS.methodName(state.method), { ...rows.map, name: STRINGS.methodName(state.method) });
    if (rows.random) loaded.faith.rows.set(STRINGS.randomRow, rows.random);
    ctx.chrome.set('ready', STRINGS.ready(state.method, 0, ctx.runtime.backend).replace(/ in 0 ms/, ''));
    return;
  }
  const result = await sanity(subject, gray, state, settingsOf(state, view.target), {
    ...run,
    onStep: (index, total, label) => {
      ctx.chrome.set('busy', STRINGS.sanity(index, total, label));
      ctx.chrome.showProgress(index / total);
    },
  });
  loaded.sanity = { base: view.base, view: result };
  ctx.chrome.set('ready', STRINGS.sanity(result.steps.length, result.steps.length, 'done').replace('…', '.'));
}
