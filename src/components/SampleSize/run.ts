/**
 * The sample-size explorer, on the widget scaffold: a head's real test scores, judged on a seeded subsample of n
 * images by the evaluate CLI's own metricSet (Wilson intervals for proportions, DeLong for the AUC), beside the
 * whole split. The reader sees an interval widen as n shrinks, roughly as 1/√n.
 */
import type * as PlotModule from '@observablehq/plot';
import type { MetricSet } from '../../lib/model/core/meta';
import { taskInfo } from '../../lib/model/core/tasks';
import { metricSet } from '../../lib/model/evaluation/evaluate';
import { positiveIndices, stratifiedSubsample, type ScoreRow } from '../../lib/model/evaluation/scores';
import { headRecord, type HeadRecord } from '../../lib/view/head-scores';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawIntervals, estimateOf, KEYS } from './render';
import { MIN_N, SAMPLE_TASKS, sampleUrlState, type SampleState } from './state';
import { STRINGS } from './strings';

type Task = (typeof SAMPLE_TASKS)[number];

interface Head {
  record: HeadRecord;
  full: MetricSet;
  isPositive: boolean[];
}

interface Loaded {
  Plot: typeof PlotModule;
  heads: Map<Task, Head>;
}

/** What tests and benches read from `data-result`. */
export interface SampleResult {
  task: Task;
  n: number;
  total: number;
  seed: number;
  metrics: MetricSet;
}

type Ctx = WidgetContext<SampleState, SampleResult>;

function judge(record: HeadRecord, rows: readonly ScoreRow[]): MetricSet {
  return metricSet(
    taskInfo(record.meta.task),
    rows.map((r) => r.probabilities),
    rows.map((r) => r.truth),
    record.meta.threshold.value,
  );
}

async function head(loaded: Loaded, task: Task): Promise<Head> {
  const cached = loaded.heads.get(task);
  if (cached) return cached;
  const record = await headRecord(task);
  const positive = positiveIndices(record.meta.classes, record.meta.positive);
  const entry = {
    record,
    full: judge(record, record.test.rows),
    isPositive: record.test.rows.map((r) => positive.includes(r.truth)),
  };
  loaded.heads.set(task, entry);
  return entry;
}

export const sampleSize = defineWidget<SampleState, Loaded, SampleResult>({
  name: 'sample-size explorer',
  state: sampleUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => ({
    Plot: previous?.Plot ?? (await import('@observablehq/plot')),
    heads: previous?.heads ?? new Map(),
  }),
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('task').value = ctx.state.task;
    ctx.part<HTMLInputElement>('seed').value = String(ctx.state.seed);
  },
  setup: (ctx) => {
    const select = ctx.part<HTMLSelectElement>('task');
    ctx.listen(select, 'change', () => ctx.setState((s) => ({ ...s, task: select.value as Task })));
    const slider = ctx.part<HTMLInputElement>('n');
    ctx.listen(slider, 'input', () => ctx.setState((s) => ({ ...s, n: Number(slider.value) })));
    const seed = ctx.part<HTMLInputElement>('seed');
    ctx.listen(seed, 'change', () => {
      const value = Math.round(Number(seed.value));
      if (Number.isFinite(value) && value >= 1 && value <= 999) ctx.setState((s) => ({ ...s, seed: value }));
      else seed.value = String(ctx.state.seed);
    });
  },
  render: (ctx, loaded, signal) => show(ctx, loaded, signal),
});

async function show(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<SampleResult | null> {
  const task = ctx.state.task as Task;
  const { record, full, isPositive } = await head(loaded, task);
  if (signal.aborted) return null;
  const total = record.test.rows.length;
  const n = Math.min(total, Math.max(MIN_N, ctx.state.n));
  const slider = ctx.part<HTMLInputElement>('n');
  slider.max = String(total);
  slider.value = String(n);
  ctx.text('n-out', STRINGS.n(n, total));
  const metrics = judge(record, stratifiedSubsample(record.test.rows, isPositive, n, ctx.state.seed));
  drawIntervals(loaded.Plot, ctx.root, metrics, full);
  ctx.part('chart').setAttribute('aria-label', STRINGS.chartLabel(n));
  const lines = KEYS.map((key) => {
    const a = estimateOf(metrics, key);
    const b = estimateOf(full, key);
    if (!a || !b) return '';
    return key === 'auc'
      ? STRINGS.aucWidth(a.high - a.low, b.high - b.low)
      : STRINGS.width(STRINGS.metric[key], a.high - a.low, b.high - b.low, n, total);
  });
  ctx.part('widths').replaceChildren(
    ...lines.filter(Boolean).map((line) => {
      const li = ctx.root.ownerDocument.createElement('li');
      li.textContent = line;
      return li;
    }),
  );
  ctx.chrome.set('ready', STRINGS.ready(n));
  return { task, n, total, seed: ctx.state.seed, metrics };
}
