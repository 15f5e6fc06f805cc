/**
 * The gradient-descent widget, on the widget scaffold. A render (at start and whenever a setting changes) builds a
 * fresh seeded run on the precomputed features; Play, Step and Restart drive it outside the render, in chunks that
 * yield to the page. A non-finite loss stops the run and says why.
 */
import {
  DescentRun,
  divergence,
  majorityAccuracy,
  type DescentConfig,
  type DescentPoint,
} from '../../lib/model/training/descent';
import { loadFeatureSet, type DecodedSplit } from '../../lib/model/training/feature-set';
import { sitePath } from '../../lib/paths';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawCharts, showButtons, showControls, showMessage, showReadout } from './render';
import { MAX_EPOCHS, clampTyped, descentUrlState, withinTrainSplit, type DescentState } from './state';
import { STRINGS } from './strings';

type Status = 'ready' | 'playing' | 'paused' | 'diverged' | 'finished';

interface Loaded {
  Plot: typeof import('@observablehq/plot');
  train: DecodedSplit;
  validation: DecodedSplit;
  majority: number;
  run: DescentRun | null;
  history: DescentPoint[];
  status: Status;
  diverged: string | null;
  /** Aborted by Pause, a new setting, or the widget leaving the page. */
  play: AbortController | null;
  epochsPerSecond: number;
}

/** What tests and benches read from `data-result`. */
export interface DescentResult {
  config: DescentConfig;
  trainCount: number;
  validationCount: number;
  status: Status;
  diverged: string | null;
  epoch: number;
  steps: number;
  epochsPerSecond: number;
  history: DescentPoint[];
}

type Ctx = WidgetContext<DescentState, DescentResult>;

/** A macrotask without setTimeout's 4 ms clamp: input events queued meanwhile run first. */
const yieldNow = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

export const gradientDescent = defineWidget<DescentState, Loaded, DescentResult>({
  name: 'gradient-descent widget',
  state: descentUrlState,
  strings: { loading: STRINGS.loading },
  load: async (ctx) => {
    ctx.chrome.set('loading', STRINGS.loadingFeatures);
    const [Plot, set] = await Promise.all([
      import('@observablehq/plot'),
      // The trainer reads train and validation only; the test split is never fetched here.
      loadFeatureSet(sitePath('weights/features/cxr/'), ['train', 'validation']),
    ]);
    const { train, validation } = set.splits as Required<typeof set.splits>;
    const held = withinTrainSplit(ctx.state, train.count);
    if (held.note) ctx.note(held.note);
    ctx.setState(held.state, { render: false });
    return {
      Plot,
      train,
      validation,
      majority: majorityAccuracy(validation.labels),
      run: null,
      history: [],
      status: 'ready',
      diverged: null,
      play: null,
      epochsPerSecond: 0,
    };
  },
  sync: (ctx) => showControls(ctx.root, ctx.state, null),
  setup: (ctx, current) => bind(ctx, current),
  render: async (ctx, loaded) => fresh(ctx, loaded),
  dispose: (loaded) => stop(loaded),
});

function stop(loaded: Loaded): void {
  loaded.play?.abort();
  loaded.play = null;
  loaded.run?.dispose();
  loaded.run = null;
}

function result(ctx: Ctx, loaded: Loaded): DescentResult {
  const run = loaded.run;
  return {
    config: run?.config ?? ctx.state,
    trainCount: loaded.train.count,
    validationCount: loaded.validation.count,
    status: loaded.status,
    diverged: loaded.diverged,
    epoch: run?.epoch ?? 0,
    steps: run?.steps ?? 0,
    epochsPerSecond: loaded.epochsPerSecond,
    history: loaded.history,
  };
}

/** Buttons, messages and readout at once; the two charts each in a task of their own, so input is answered between. */
async function show(ctx: Ctx, loaded: Loaded): Promise<void> {
  const playing = loaded.status === 'playing';
  const stopped = loaded.status === 'diverged' || loaded.status === 'finished';
  showButtons(ctx.root, { ready: loaded.run !== null, playing, stopped });
  showMessage(ctx.root, 'alert', loaded.diverged);
  showReadout(ctx.root, loaded.history[loaded.history.length - 1]);
  drawCharts(loaded.Plot, ctx.root, loaded.history, loaded.majority, 'loss');
  await yieldNow();
  drawCharts(loaded.Plot, ctx.root, loaded.history, loaded.majority, 'accuracy');
}

/** A new seeded run for the current settings (the old one's tensors freed). */
function fresh(ctx: Ctx, loaded: Loaded): DescentResult {
  stop(loaded);
  const held = withinTrainSplit(ctx.state, loaded.train.count).state;
  showControls(ctx.root, held, loaded.train.count);
  loaded.run = new DescentRun(ctx.runtime.tf, loaded.train, loaded.validation, held);
  loaded.history = [];
  loaded.status = 'ready';
  loaded.diverged = null;
  loaded.epochsPerSecond = 0;
  void show(ctx, loaded);
  ctx.chrome.set('ready', STRINGS.ready(loaded.run.trainIndices.length, loaded.validation.count));
  return result(ctx, loaded);
}

/** Measures the run, draws, and stops it if the loss is no longer a number. */
async function record(ctx: Ctx, loaded: Loaded, run: DescentRun): Promise<void> {
  const point = await run.measure(yieldNow);
  if (loaded.run !== run) return;
  loaded.history.push(point);
  const why = divergence(point);
  if (why) {
    loaded.play?.abort();
    loaded.status = 'diverged';
    loaded.diverged = why;
    ctx.chrome.set('ready', why);
  } else if (point.epoch >= MAX_EPOCHS) {
    loaded.play?.abort();
    loaded.status = 'finished';
    ctx.chrome.set('ready', STRINGS.finished(point.epoch));
  }
  await yieldNow();
  await show(ctx, loaded);
  ctx.publish(result(ctx, loaded));
}

async function play(ctx: Ctx, loaded: Loaded): Promise<void> {
  const run = loaded.run;
  if (!run) return;
  const controller = new AbortController();
  loaded.play = controller;
  loaded.status = 'playing';
  ctx.chrome.set('busy', STRINGS.playing);
  void show(ctx, loaded);
  const started = { time: performance.now(), epoch: run.epoch };
  while (!controller.signal.aborted && loaded.run === run) {
    await ctx.whenVisible();
    await run.run(Number.POSITIVE_INFINITY, { yieldNow, signal: controller.signal });
    if (loaded.run !== run) return;
    loaded.epochsPerSecond = (run.epoch - started.epoch) / ((performance.now() - started.time) / 1000);
    await record(ctx, loaded, run);
    await yieldNow();
  }
  if (loaded.run === run && loaded.status === 'playing') {
    loaded.status = 'paused';
    ctx.chrome.set('ready', STRINGS.paused(run.epoch));
    await show(ctx, loaded);
    ctx.publish(result(ctx, loaded));
  }
}

function bind(ctx: Ctx, current: () => Loaded): void {
  ctx.listen(ctx.part('play'), 'click', () => {
    const loaded = current();
    if (loaded.status === 'playing') loaded.play?.abort();
    else void play(ctx, loaded).catch((error: unknown) => ctx.chrome.fail(error));
  });
  ctx.listen(ctx.part('step'), 'click', () => {
    const loaded = current();
    const run = loaded.run;
    if (!run || loaded.status === 'playing') return;
    run.step();
    loaded.status = 'paused';
    void record(ctx, loaded, run).catch((error: unknown) => ctx.chrome.fail(error));
  });
  ctx.listen(ctx.part('restart'), 'click', () => ctx.request());
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="optimiser"]'))
    ctx.listen(radio, 'change', () => {
      if (radio.checked) ctx.setState((s) => ({ ...s, optimiser: radio.value as DescentState['optimiser'] }));
    });
  for (const key of ['learningRate', 'batchSize', 'examples', 'l2'] as const) {
    const input = ctx.part<HTMLInputElement>(key);
    ctx.listen(input, 'change', () => {
      const max = key === 'examples' ? current().train.count : undefined;
      const { value, note } = clampTyped(key, input.valueAsNumber, max);
      input.value = String(value);
      showMessage(ctx.root, 'input-note', note);
      ctx.setState((s) => ({ ...s, [key]: value }));
    });
  }
  const seed = ctx.part<HTMLInputElement>('seed');
  ctx.listen(seed, 'change', () => {
    const value = Math.max(0, Math.min(1_000_000, Math.round(seed.valueAsNumber) || 0));
    seed.value = String(value);
    ctx.setState((s) => ({ ...s, seed: value }));
  });
}
