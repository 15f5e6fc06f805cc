/**
 * Kermany's limited-data experiment in the page, on the widget scaffold: 9 sizes × 5 seeds of softmax heads
 * trained on the precomputed CXR train features and scored on the test features, on the page's tfjs backend, with
 * progress and cancel. The same library computes the committed Node curve the e2e test compares with.
 */
import type * as PlotModule from '@observablehq/plot';
import { loadFeatureSet, type LoadedFeatureSet } from '../../lib/model/training/feature-set';
import {
  LimitedDataCancelled,
  limitedDataCurve,
  summariseCurve,
  type LimitedPoint,
} from '../../lib/model/training/limited-data';
import { sitePath } from '../../lib/paths';
import { headRecord, type HeadRecord } from '../../lib/view/head-scores';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawCurve, fillTable, type Reference } from './render';
import { limitedUrlState, type LimitedState, type Measure } from './state';
import { STRINGS } from './strings';

interface Loaded {
  Plot: typeof PlotModule;
  features: LoadedFeatureSet;
  record: HeadRecord;
  points: LimitedPoint[];
  running: AbortController | null;
}

/** What tests and benches read from `data-result`. */
export interface LimitedResult {
  done: boolean;
  cancelled: boolean;
  backend: string;
  seconds: number;
  points: LimitedPoint[];
}

type Ctx = WidgetContext<LimitedState, LimitedResult>;

export const limitedData = defineWidget<LimitedState, Loaded, LimitedResult>({
  name: 'limited-data experiment',
  state: limitedUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => {
    previous?.running?.abort();
    return {
      Plot: previous?.Plot ?? (await import('@observablehq/plot')),
      features: previous?.features ?? (await loadFeatureSet(sitePath('weights/features/cxr/'), ['train', 'test'])),
      record: previous?.record ?? (await headRecord('cxr')),
      points: previous?.points ?? [],
      running: null,
    };
  },
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('measure').value = ctx.state.measure;
  },
  setup: (ctx, current) => {
    const measure = ctx.part<HTMLSelectElement>('measure');
    ctx.listen(measure, 'change', () => ctx.setState((s) => ({ ...s, measure: measure.value as Measure })));
    ctx.listen(ctx.part('run'), 'click', () => void experiment(ctx, current()));
    ctx.listen(ctx.part('cancel'), 'click', () => current().running?.abort());
  },
  render: (ctx, loaded) => Promise.resolve(show(ctx, loaded)),
  dispose: (loaded) => loaded.running?.abort(),
});

function references(record: HeadRecord, measure: Measure): Reference[] {
  const test = record.meta.metrics.test;
  const shipped = measure === 'accuracy' ? test?.accuracy.value : test?.auc?.value;
  const kermany = record.meta.reference?.[measure];
  return [
    ...(shipped !== undefined ? [{ name: STRINGS.shipped, value: shipped }] : []),
    ...(kermany !== undefined ? [{ name: STRINGS.kermany, value: kermany }] : []),
  ];
}

function show(ctx: Ctx, loaded: Loaded): LimitedResult | null {
  const { train, test } = loaded.features.splits;
  if (!loaded.running && loaded.points.length === 0)
    ctx.chrome.set('ready', STRINGS.ready(train?.count ?? 0, test?.count ?? 0));
  if (loaded.points.length === 0) return null;
  const summary = summariseCurve(loaded.points);
  drawCurve(loaded.Plot, ctx.root, summary, ctx.state.measure, references(loaded.record, ctx.state.measure));
  fillTable(ctx.root, summary);
  return null;
}

function setRunning(ctx: Ctx, running: boolean): void {
  ctx.part<HTMLButtonElement>('run').disabled = running;
  ctx.part<HTMLButtonElement>('cancel').disabled = !running;
}

async function experiment(ctx: Ctx, loaded: Loaded): Promise<void> {
  const { train, test } = loaded.features.splits;
  if (loaded.running || !train || !test) return;
  const controller = new AbortController();
  loaded.running = controller;
  loaded.points = [];
  setRunning(ctx, true);
  ctx.chrome.showProgress(0);
  const started = performance.now();
  const tf = ctx.runtime.tf;
  let cancelled = false;
  try {
    await limitedDataCurve(tf, train, test, loaded.features.meta.classes.length, {
      signal: controller.signal,
      pause: () => tf.nextFrame(),
      onProgress: (done, total, point) => {
        loaded.points.push(point);
        ctx.chrome.showProgress(done / total);
        ctx.chrome.set('busy', STRINGS.running(done, total));
        if (done % 5 === 0) show(ctx, loaded);
      },
    });
  } catch (error) {
    if (!(error instanceof LimitedDataCancelled)) throw error;
    cancelled = true;
  } finally {
    loaded.running = null;
    setRunning(ctx, false);
    ctx.chrome.showProgress(null);
  }
  const seconds = (performance.now() - started) / 1000;
  show(ctx, loaded);
  ctx.chrome.set(
    'ready',
    cancelled
      ? STRINGS.cancelled(loaded.points.length)
      : STRINGS.done(loaded.points.length, seconds, ctx.runtime.backend),
  );
  ctx.publish(
    { done: !cancelled, cancelled, backend: ctx.runtime.backend, seconds, points: loaded.points },
    seconds * 1000,
  );
}
