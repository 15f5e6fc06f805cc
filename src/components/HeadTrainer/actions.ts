/**
 * The head trainer's render: open the task the state names when it is not open, then do what the reader queued
 * (add examples, train, forget, download, store). Long work pauses offscreen and is abandoned, not awaited, when a
 * newer request or a lost WebGL context aborts the render; the controls lock while it runs.
 */
import { downloadReaderHead } from '../../lib/view/saved-head';
import type { WidgetContext } from '../../lib/view/widget';
import { addImages } from './gather';
import { importInto } from './import';
import { forgetHead, persistExamples } from './persistence';
import {
  applyControls,
  buildClassColumns,
  markBusy,
  part,
  showCurve,
  showExamples,
  showMessage,
  showModelInfo,
  showScores,
} from './render';
import type { LoopControl } from './scans';
import {
  ABANDONED,
  GALLERY_STEP,
  controlPlan,
  examplesOf,
  locks,
  statusLine,
  unlessAborted,
  type Action,
  type Session,
  type TaskView,
  type TrainerState,
} from './state';
import { STRINGS } from './strings';
import { openTask } from './task';
import { trainInto } from './training';

/** What the widget keeps: Observable Plot and the instance's session (the same one again after a runtime reset). */
export interface Loaded {
  Plot: typeof import('@observablehq/plot');
  session: Session;
}

type Ctx = WidgetContext<TrainerState, unknown>;

/** Draws a task's columns (when they show another task) and its model line. */
function showTask(ctx: Ctx, session: Session, view: TaskView): void {
  if (session.shown === view) return;
  session.shown = view;
  const { meta } = view.classifier;
  buildClassColumns(ctx.root, view.task.classes, GALLERY_STEP);
  showModelInfo(
    ctx.root,
    STRINGS.modelInfo(
      meta.feature.backbone,
      meta.feature.layer,
      view.featureSize,
      view.task.classes.length,
      meta.finetunedBackbone?.layers.length ?? 0,
    ),
  );
  const examples = examplesOf(session, view.task.id);
  view.task.classes.forEach((_, i) => showExamples(ctx.root, i, examples.ofClass(i)));
  applyControls(ctx.root, controlPlan(session));
}

/** Everything of the open task, after a render. */
function show(ctx: Ctx, loaded: Loaded): void {
  const { session, Plot } = loaded;
  const view = session.view;
  if (view) {
    showTask(ctx, session, view);
    const examples = examplesOf(session, view.task.id);
    view.task.classes.forEach((_, i) => showExamples(ctx.root, i, examples.ofClass(i)));
    showScores(ctx.root, view.task.classes, view.heldOut.rows, view.heldOut.shipped, view.yours);
    showCurve(Plot, ctx.root, view.history);
  }
  applyControls(ctx.root, controlPlan(session));
}

function loopOf(ctx: Ctx, signal: AbortSignal): LoopControl & { say(text: string): void } {
  return {
    signal,
    progress: (fraction) => ctx.chrome.showProgress(fraction),
    whenVisible: () => ctx.whenVisible(),
    say: (text) => {
      if (!signal.aborted) showMessage(ctx.root, text);
    },
  };
}

/** One render: open the task the state names (if not open), then do what the reader queued; false if abandoned. */
export async function work(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<boolean> {
  const { session } = loaded;
  if (session.view?.task.id !== ctx.state.task || session.queue.some(locks)) {
    session.busy = true;
    ctx.chrome.set('busy', STRINGS.working);
    markBusy(ctx.root, true);
    applyControls(ctx.root, controlPlan(session));
  }
  try {
    if ((await unlessAborted(perform(ctx, loaded, signal), signal)) === ABANDONED) return false;
    ctx.chrome.set('ready', statusLine(session, ctx.runtime.backend));
  } catch (error) {
    if (signal.aborted) return false;
    session.queue = [];
    ctx.chrome.fail(error);
  }
  Object.assign(session, { busy: false, cancel: null });
  markBusy(ctx.root, false);
  show(ctx, loaded);
  return true;
}

async function perform(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<void> {
  const { session } = loaded;
  if (session.view?.task.id !== ctx.state.task) await open(ctx, loaded, signal);
  for (let action = session.queue.shift(); action && !signal.aborted; action = session.queue.shift())
    await act(ctx, loaded, action, signal);
}

async function open(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<void> {
  const { session } = loaded;
  const previous = session.view;
  let opened: Awaited<ReturnType<typeof openTask>>;
  try {
    opened = await openTask(ctx.runtime, session, ctx.state.task, {
      ...loopOf(ctx, signal),
      opened: (view) => showTask(ctx, session, view),
    });
  } catch (error) {
    // The previous task stays usable; the menu goes back to it.
    if (previous) ctx.setState({ task: previous.task.id }, { render: false });
    part<HTMLSelectElement>(ctx.root, 'task').value = ctx.state.task;
    throw error;
  }
  if (!opened || signal.aborted) return;
  previous?.head?.dispose();
  session.view = opened.view;
  showMessage(ctx.root, opened.message);
}

async function act(ctx: Ctx, loaded: Loaded, action: Action, signal: AbortSignal): Promise<void> {
  const { session, Plot } = loaded;
  const view = session.view;
  if (!view) return;
  const examples = examplesOf(session, view.task.id);
  const loop = loopOf(ctx, signal);
  switch (action.kind) {
    case 'add': {
      const changed = (i: number): void => {
        showExamples(ctx.root, i, examples.ofClass(i));
        applyControls(ctx.root, controlPlan(session));
      };
      const { added, message } = await addImages(view, examples, action.classIndex, action.sources, {
        ...loop,
        changed,
      });
      showMessage(ctx.root, message, action.credit ?? '');
      const problem = added > 0 ? await persistExamples(view, examples) : null;
      if (problem) loop.say(problem);
      return;
    }
    case 'train': {
      session.cancel = new AbortController();
      applyControls(ctx.root, controlPlan(session));
      const onEpoch: Parameters<typeof trainInto>[3]['onEpoch'] = (history) => {
        const last = history[history.length - 1];
        if (last) loop.say(STRINGS.training(last.epoch, last.epochs, last.trainLoss, last.validationLoss));
        if (!signal.aborted) showCurve(Plot, ctx.root, history);
      };
      loop.say(await trainInto(ctx.runtime.tf, view, examples, { ...loop, stop: session.cancel.signal, onEpoch }));
      return;
    }
    case 'forget':
      await forgetHead(ctx.runtime.tf, view);
      return loop.say(STRINGS.forgotten);
    case 'download':
      if (view.head && view.info) await downloadReaderHead(view.head, view.info);
      return;
    case 'import':
      return loop.say(await importInto(ctx.runtime.tf, view, action.files));
    case 'persist': {
      const problem = await persistExamples(view, examples);
      if (problem) loop.say(problem);
    }
  }
}
