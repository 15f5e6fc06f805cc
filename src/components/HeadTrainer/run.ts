/**
 * The head trainer's work, loaded lazily. Per task: the shipped classifier (its backbone, fine-tuned or not, makes
 * the features), the reader's examples, the held-out test scans both heads are judged on, and the reader's head,
 * trained here, stored in the browser and offered as a download. Examples survive task switches and lost contexts.
 */
import type * as tfc from '@tensorflow/tfjs';
import { scanCaption, type GalleryScan } from '../../lib/gallery';
import type { Classifier } from '../../lib/model/core/classifier';
import { preprocessGray, type RawImage } from '../../lib/model/core/preprocess';
import {
  ReaderHeadMismatchError,
  backboneSignature,
  pooledFeature,
  scoreHead,
  trainReaderHead,
  type HeadScore,
  type ReaderHeadInfo,
} from '../../lib/model/training/retrain';
import type { Runtime } from '../../lib/model/core/runtime';
import { TASKS, taskInfo, type TaskId, type TaskInfo } from '../../lib/model/core/tasks';
import type { EpochReport } from '../../lib/model/training/train-head';
import { decodeBlob, loadScan } from '../../lib/view/image-source';
import { clearPageModels, pageClassifier } from '../../lib/view/model-store';
import { loadExamples, saveExamples } from '../../lib/view/saved-examples';
import { downloadReaderHead, forgetReaderHead, loadReaderHead, saveReaderHead } from '../../lib/view/saved-head';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { ExampleSet } from './examples';
import { buildClassColumns, part, showCurve, showExamples, showScores } from './render';
import { heldOutScans, trainingScans, type HeldOut } from './scans';
import { STRINGS } from './strings';

/** Training films added per click: enough to see the head move, few enough to add class by class. */
const GALLERY_STEP = 5;
const PREVIEW_SIZE = 64;
const SEED = 42;

interface TaskView {
  task: TaskInfo;
  classifier: Classifier;
  training: GalleryScan[][];
  heldOut: HeldOut;
  head: tfc.LayersModel | null;
  info: ReaderHeadInfo | null;
  yours: HeadScore | null;
  history: EpochReport[];
  restored: boolean;
}

interface Widget {
  root: HTMLElement;
  chrome: WidgetChrome;
  runtime: Runtime;
  Plot: typeof import('@observablehq/plot');
  examples: Map<TaskId, ExampleSet>;
  view: TaskView | null;
  busy: boolean;
  abort: AbortController | null;
  /** Bumped by a runtime reset: work started before it is abandoned (a read on a lost context may never return). */
  generation: number;
}

function isTaskId(value: string | null | undefined): value is TaskId {
  return value !== null && value !== undefined && value in TASKS;
}

function say(widget: Widget, text: string): void {
  part(widget.root, 'message').textContent = text;
}

function examplesOf(widget: Widget, task: TaskId): ExampleSet {
  let set = widget.examples.get(task);
  if (!set) {
    set = new ExampleSet();
    widget.examples.set(task, set);
  }
  return set;
}

/** Buttons follow the state: nothing but "stop" while busy; download and forget only with a head. */
function syncControls(widget: Widget): void {
  const { root, view, busy } = widget;
  const has = Boolean(view?.head);
  root
    .querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button, input, select')
    .forEach((control) => {
      const action = control.dataset.action;
      if (action === 'cancel') return;
      if (action === 'download' || action === 'forget') control.disabled = busy || !has;
      else if (action === 'add-gallery')
        control.disabled = busy || (view?.training[Number(control.dataset.class)]?.length ?? 0) === 0;
      else if (control.dataset.role === 'task')
        control.disabled = busy; // another task must stay reachable if one fails
      else control.disabled = busy || !view;
    });
  root.querySelector<HTMLButtonElement>('[data-action="cancel"]')?.toggleAttribute('hidden', !(busy && widget.abort));
}

function publish(widget: Widget): void {
  const { view } = widget;
  if (!view) return syncControls(widget);
  const examples = examplesOf(widget, view.task.id);
  widget.root.dataset.result = JSON.stringify({
    task: view.task.id,
    classes: view.task.classes,
    finetuned: Boolean(view.classifier.meta.finetunedBackbone),
    examples: view.task.classes.map((_, i) => examples.ofClass(i).length),
    trained: Boolean(view.head),
    restored: view.restored,
    epochs: view.history.length,
    bestEpoch: view.info?.bestEpoch ?? null,
    heldOut: view.heldOut.rows.length,
    yours: view.yours ? { correct: view.yours.correct, total: view.yours.total } : null,
    shipped: view.heldOut.shipped ? { correct: view.heldOut.shipped.correct, total: view.heldOut.shipped.total } : null,
    // Per held-out scan, the shipped model's probabilities: lets a test hold the page's model (fine-tuned or not) to Node's.
    shippedProbabilities:
      view.heldOut.shipped?.verdicts.map((v) => Array.from(v.probabilities, (p) => Number(p.toFixed(5)))) ?? [],
    lastLoss: view.history[view.history.length - 1]?.trainLoss ?? null,
  });
  view.task.classes.forEach((_, i) => showExamples(widget.root, i, examples.ofClass(i)));
  showScores(widget.root, view.task.classes, view.heldOut.rows, view.heldOut.shipped, view.yours);
  showCurve(widget.Plot, widget.root, view.history);
  syncControls(widget);
}

/** Runs `work` with the controls locked and the bar shown; errors land in the widget, never in the console alone. */
async function guarded(widget: Widget, work: () => Promise<void>): Promise<void> {
  if (widget.busy) return say(widget, STRINGS.busy);
  const generation = widget.generation;
  widget.busy = true;
  syncControls(widget);
  widget.chrome.set('busy', STRINGS.working);
  // Step-by-step text is for the eye; a screen reader hears the outcome once, not every image or epoch.
  const message = part<HTMLElement>(widget.root, 'message');
  message.setAttribute('aria-busy', 'true');
  let failure: unknown = null;
  try {
    await work();
  } catch (error) {
    failure = error;
  }
  if (generation !== widget.generation) return; // abandoned by a runtime reset; the reopened task owns the widget
  message.removeAttribute('aria-busy');
  if (failure === null) widget.chrome.set('ready', STRINGS.ready(widget.runtime.backend));
  else widget.chrome.fail(failure);
  widget.busy = false;
  widget.abort = null;
  publish(widget);
}

/** Opens the task the menu shows (after a runtime reset). */
function reopen(widget: Widget): Promise<void> {
  const id = part<HTMLSelectElement>(widget.root, 'task').value;
  return guarded(widget, () => openTask(widget, isTaskId(id) ? id : 'cxr'));
}

async function openTask(widget: Widget, id: TaskId): Promise<void> {
  const task = taskInfo(id);
  let classifier: Classifier;
  try {
    classifier = await pageClassifier(widget.runtime, task.id);
  } catch (error) {
    // The previous task stays usable; the menu goes back to it.
    if (widget.view) part<HTMLSelectElement>(widget.root, 'task').value = widget.view.task.id;
    throw error;
  }
  disposeView(widget);
  const { meta } = classifier;
  const training = await trainingScans(task);
  buildClassColumns(
    widget.root,
    task.classes,
    training.map((t) => t.length),
    GALLERY_STEP,
  );
  syncControls(widget);
  const size = (classifier.features.outputs[0]?.shape ?? []).slice(-1)[0] ?? 0;
  part(widget.root, 'model-info').textContent = STRINGS.modelInfo(
    meta.feature.backbone,
    meta.feature.layer,
    size,
    task.classes.length,
    Boolean(meta.finetunedBackbone),
  );
  const view: TaskView = {
    task,
    classifier,
    training,
    heldOut: { rows: [], features: [], shipped: null },
    head: null,
    info: null,
    yours: null,
    history: [],
    restored: false,
  };
  widget.view = view;
  // Examples first: whatever fails later, the reader's saved work is already back in place.
  const restoredExamples = await restoreExamples(widget, view);
  say(widget, STRINGS.scoringHeldOut);
  view.heldOut = await heldOutScans(widget.runtime.tf, task, classifier, (fraction) =>
    widget.chrome.showProgress(fraction),
  );
  say(
    widget,
    [training.every((t) => t.length === 0) ? STRINGS.noTrainingGallery : '', restoredExamples]
      .filter(Boolean)
      .join(' '),
  );
  try {
    const saved = await loadReaderHead(widget.runtime.tf, meta);
    if (saved) {
      view.head = saved.head;
      view.info = saved.info;
      view.restored = true;
      view.yours = await scoreHeld(widget, view);
      const counts = saved.info.examplesPerClass.map((n, i) => `${n} ${task.classes[i] ?? ''}`).join(', ');
      say(
        widget,
        [STRINGS.restored(new Date(saved.info.trainedAt).toLocaleString(), counts), restoredExamples]
          .filter(Boolean)
          .join(' '),
      );
    }
  } catch (error) {
    // A head for another backbone or class list can never be used again: forget it, and say why.
    if (error instanceof ReaderHeadMismatchError) await forgetReaderHead(widget.runtime.tf, task.id);
    say(widget, error instanceof Error ? error.message : String(error));
  }
}

function scoreHeld(widget: Widget, view: TaskView): Promise<HeadScore | null> {
  if (!view.head || view.heldOut.rows.length === 0) return Promise.resolve(null);
  return scoreHead(
    widget.runtime.tf,
    view.head,
    view.heldOut.features,
    view.heldOut.rows.map((r) => r.truth),
    view.task.classes.length,
  );
}

/** Stores the task's examples (after every add or remove), so a reload loses none of the reader's work. */
async function persistExamples(widget: Widget): Promise<void> {
  const view = widget.view;
  if (!view) return;
  const stored = examplesOf(widget, view.task.id).all.map(({ key: _key, ...example }) => example);
  const problem = await saveExamples(view.task.id, backboneSignature(view.classifier.meta), view.task.classes, stored);
  if (problem) say(widget, problem);
}

/** The examples saved on an earlier visit, when this visit has none yet for the task; returns a message or ''. */
async function restoreExamples(widget: Widget, view: TaskView): Promise<string> {
  const examples = examplesOf(widget, view.task.id);
  if (examples.all.length > 0) return '';
  const saved = await loadExamples(view.task.id, backboneSignature(view.classifier.meta), view.task.classes);
  if (!saved) return '';
  if (saved.stale) return STRINGS.examplesStale;
  for (const example of saved.examples) examples.add({ ...example, key: examples.nextKey(example.name) });
  return saved.examples.length ? STRINGS.examplesRestored(saved.examples.length) : '';
}

function disposeView(widget: Widget): void {
  try {
    widget.view?.head?.dispose();
  } catch {
    // a head on a lost WebGL context has no memory left to free
  }
  widget.view = null;
}

async function addImages(
  widget: Widget,
  classIndex: number,
  sources: { name: string; scanId: string | null; image: () => Promise<RawImage> }[],
): Promise<void> {
  const view = widget.view;
  if (!view) return;
  const examples = examplesOf(widget, view.task.id);
  const skipped: string[] = [];
  let added = 0;
  for (const [i, source] of sources.entries()) {
    widget.chrome.showProgress(i / sources.length);
    say(widget, STRINGS.embedding(i + 1, sources.length));
    try {
      const image = await source.image();
      const feature = await pooledFeature(widget.runtime.tf, view.classifier, image);
      examples.add({
        key: examples.nextKey(source.name),
        classIndex,
        feature,
        name: source.name,
        scanId: source.scanId,
        preview: { width: PREVIEW_SIZE, height: PREVIEW_SIZE, values: preprocessGray(image, PREVIEW_SIZE) },
      });
      added++;
    } catch (error) {
      skipped.push(error instanceof Error ? error.message : String(error));
    }
    showExamples(widget.root, classIndex, examples.ofClass(classIndex));
  }
  say(widget, STRINGS.added(added, view.task.classes[classIndex] ?? '', skipped));
  if (added > 0) await persistExamples(widget);
}

function addFromGallery(widget: Widget, classIndex: number): Promise<void> {
  return guarded(widget, async () => {
    const view = widget.view;
    if (!view) return;
    const scans = examplesOf(widget, view.task.id).unusedScans(view.training[classIndex] ?? [], GALLERY_STEP);
    if (scans.length === 0) return say(widget, STRINGS.noneLeft(view.task.classes[classIndex] ?? ''));
    await addImages(
      widget,
      classIndex,
      scans.map((scan) => ({ name: scan.id, scanId: scan.id, image: () => loadScan(scan) })),
    );
    part<HTMLElement>(widget.root, 'message').title = scans.map(scanCaption).join('\n');
  });
}

function addFiles(widget: Widget, classIndex: number, files: readonly File[]): Promise<void> {
  return guarded(widget, () =>
    addImages(
      widget,
      classIndex,
      files.map((file) => ({ name: file.name, scanId: null, image: () => decodeBlob(file, file.name) })),
    ),
  );
}

function train(widget: Widget): Promise<void> {
  return guarded(widget, async () => {
    const view = widget.view;
    if (!view) return;
    const { tf } = widget.runtime;
    widget.abort = new AbortController();
    syncControls(widget);
    view.history = [];
    const started = performance.now();
    const outcome = await trainReaderHead(tf, view.classifier.meta, examplesOf(widget, view.task.id).all, {
      seed: SEED,
      signal: widget.abort.signal,
      yieldEvery: () => tf.nextFrame(),
      onProgress: (report) => {
        view.history.push(report);
        widget.chrome.showProgress(report.epoch / report.epochs);
        say(widget, STRINGS.training(report.epoch, report.epochs, report.trainLoss));
        showCurve(widget.Plot, widget.root, view.history);
      },
    });
    if (!outcome.head || !outcome.info) return say(widget, STRINGS.cancelled);
    view.head?.dispose();
    view.head = outcome.head;
    view.info = outcome.info;
    view.restored = false;
    view.yours = await scoreHeld(widget, view);
    const seconds = (performance.now() - started) / 1000;
    widget.root.dataset.lastMs = (seconds * 1000).toFixed(0);
    let stored = true;
    try {
      await saveReaderHead(outcome.head, outcome.info);
    } catch (error) {
      stored = false;
      say(widget, error instanceof Error ? error.message : String(error));
    }
    if (stored) say(widget, STRINGS.trained(outcome.result.history.length, outcome.result.bestEpoch, seconds, stored));
  });
}

function bindControls(widget: Widget): void {
  const { root } = widget;
  root.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest<HTMLButtonElement>('button');
    if (!target || !widget.view) return;
    const view = widget.view;
    if (target.dataset.remove) {
      if (widget.busy) return say(widget, STRINGS.busy);
      const column = target.closest<HTMLElement>('.ht-class');
      const index = [...(column?.querySelectorAll('[data-remove]') ?? [])].indexOf(target);
      examplesOf(widget, view.task.id).remove(target.dataset.remove);
      publish(widget);
      // Keyboard focus stays in the list: on the next example's remove button, else the column's add button.
      const buttons = column?.querySelectorAll<HTMLButtonElement>('[data-remove]');
      (
        buttons?.[Math.min(index, buttons.length - 1)] ??
        column?.querySelector<HTMLButtonElement>('button:not(:disabled)')
      )?.focus();
      void persistExamples(widget);
      return;
    }
    switch (target.dataset.action) {
      case 'add-gallery':
        return void addFromGallery(widget, Number(target.dataset.class));
      case 'train':
        return void train(widget);
      case 'cancel':
        return widget.abort?.abort();
      case 'download':
        if (view.head && view.info)
          void downloadReaderHead(view.head, view.info).catch((error: unknown) => widget.chrome.fail(error));
        return;
      case 'forget':
        return void guarded(widget, async () => {
          await forgetReaderHead(widget.runtime.tf, view.task.id);
          view.head?.dispose();
          Object.assign(view, { head: null, info: null, yours: null, history: [], restored: false });
          say(widget, STRINGS.forgotten);
        });
      default:
    }
  });
  root.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'file' && target.files?.length) {
      const files = [...target.files];
      target.value = '';
      void addFiles(widget, Number(target.dataset.class), files);
    } else if (target instanceof HTMLSelectElement && target.dataset.role === 'task' && isTaskId(target.value)) {
      const id = target.value;
      updateParams((params) => params.set('retrain', id));
      void guarded(widget, () => openTask(widget, id));
    }
  });
  // Files dropped on a class column join that class.
  root.addEventListener('dragover', (event) => {
    const column = (event.target as Element | null)?.closest<HTMLElement>('.ht-class');
    if (!column) return;
    event.preventDefault();
    column.dataset.drop = 'on';
  });
  root.addEventListener('dragleave', (event) => {
    const column = (event.target as Element | null)?.closest<HTMLElement>('.ht-class');
    if (column) delete column.dataset.drop;
  });
  root.addEventListener('drop', (event) => {
    const column = (event.target as Element | null)?.closest<HTMLElement>('.ht-class');
    if (!column) return;
    event.preventDefault();
    delete column.dataset.drop;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) void addFiles(widget, Number(column.dataset.class), files);
  });
}

export async function runHeadTrainer(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const [runtime, Plot] = await Promise.all([
    startRuntime(chrome, STRINGS.loading),
    import('@observablehq/plot').catch((error: unknown) => chrome.fail(error)),
  ]);
  if (!runtime || !Plot) return;
  const fromUrl = currentParams().get('retrain');
  const first: TaskId = isTaskId(fromUrl) ? fromUrl : isTaskId(root.dataset.task) ? root.dataset.task : 'cxr';
  part<HTMLSelectElement>(root, 'task').value = first;
  const widget: Widget = {
    root,
    chrome,
    runtime,
    Plot,
    examples: new Map(),
    view: null,
    busy: false,
    abort: null,
    generation: 0,
  };
  bindControls(widget);
  afterRuntimeReset(
    chrome,
    async (next) => {
      widget.abort?.abort();
      disposeView(widget);
      await clearPageModels();
      widget.runtime = next;
    },
    () => {
      // Work in flight on the lost context is abandoned, not awaited (its reads may never return); the reader's
      // examples are plain arrays and survive, and the task reopens on the new backend.
      widget.generation += 1;
      widget.busy = false;
      widget.abort = null;
      void reopen(widget);
    },
  );
  await guarded(widget, () => openTask(widget, first));
}
