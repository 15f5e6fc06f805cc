/**
 * The prevalence explorer, on the widget scaffold: sensitivity and specificity of a binary head at its shipped
 * threshold, from its real test scores, then PPV and NPV at any prevalence from screening to the test set's balance.
 */
import type * as PlotModule from '@observablehq/plot';
import { judgeAt, judgeBinary } from '../../lib/model/evaluation/judging';
import { naturalFrequencies, predictiveRange, type Rates } from '../../lib/model/evaluation/operating';
import { headRecord, type HeadRecord } from '../../lib/view/head-scores';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { shippedThreshold, type RocTask } from '../RocThreshold/state';
import { estimate } from '../RocThreshold/strings';
import { drawCurves } from './render';
import { positionOf, prevalenceAt, prevalenceUrlState, withPrevalence, type PrevalenceState } from './state';
import { STRINGS, range } from './strings';

interface Head {
  record: HeadRecord;
  rates: Rates;
  /** The test set's own prevalence: the slider's top. */
  balance: number;
}

interface Loaded {
  Plot: typeof PlotModule;
  heads: Map<RocTask, Head>;
}

/** What tests and benches read from `data-result`. */
export interface PrevalenceResult {
  task: RocTask;
  prevalence: number;
  balance: number;
  sensitivity: string;
  specificity: string;
  ppv: number;
  npv: number;
  shown: { ppv: string; npv: string };
}

type Ctx = WidgetContext<PrevalenceState, PrevalenceResult>;

export const prevalenceExplorer = defineWidget<PrevalenceState, Loaded, PrevalenceResult>({
  name: 'prevalence explorer',
  state: prevalenceUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => ({
    Plot: previous?.Plot ?? (await import('@observablehq/plot')),
    heads: previous?.heads ?? new Map(),
  }),
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('task').value = ctx.state.task;
  },
  setup: (ctx, current) => {
    const select = ctx.part<HTMLSelectElement>('task');
    ctx.listen(select, 'change', () =>
      ctx.setState((s) => (s.task === select.value ? s : { ...s, task: select.value as RocTask })),
    );
    const slider = ctx.part<HTMLInputElement>('prevalence');
    ctx.listen(slider, 'input', () => {
      const head = current().heads.get(ctx.state.task);
      if (head) ctx.setState((s) => withPrevalence(s, prevalenceAt(Number(slider.value), head.balance), head.balance));
    });
  },
  render: (ctx, loaded, signal) => show(ctx, loaded, signal),
});

async function head(loaded: Loaded, task: RocTask): Promise<Head> {
  const cached = loaded.heads.get(task);
  if (cached) return cached;
  const record = await headRecord(task);
  const judging = judgeBinary(record.meta.classes, record.meta.positive, record.test, record.validation);
  const { rates, counts } = judgeAt(judging, shippedThreshold(task));
  const balance = (counts.tp + counts.fn) / (counts.tp + counts.fn + counts.fp + counts.tn);
  const entry = { record, rates, balance };
  loaded.heads.set(task, entry);
  return entry;
}

async function show(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<PrevalenceResult | null> {
  const { record, rates, balance } = await head(loaded, ctx.state.task);
  if (signal.aborted) return null;
  const prevalence = Math.min(balance, ctx.state.prevalence);
  const slider = ctx.part<HTMLInputElement>('prevalence');
  slider.value = String(positionOf(prevalence, balance));
  slider.setAttribute('aria-valuetext', STRINGS.prevalence(prevalence, balance));
  ctx.text('prevalence-out', STRINGS.prevalence(prevalence, balance));
  const sens = estimate(rates.sensitivity);
  const spec = estimate(rates.specificity);
  ctx.text('operating', STRINGS.operating(sens, spec, shippedThreshold(ctx.state.task)));
  const { ppv, npv } = predictiveRange(rates.sensitivity, rates.specificity, prevalence);
  ctx.text('ppv', range(ppv));
  ctx.text('npv', range(npv));
  const f = naturalFrequencies(rates.sensitivity.value, rates.specificity.value, prevalence);
  ctx.text('per1000', STRINGS.per1000(f.found, f.missed, f.falseAlarms, f.cleared));
  ctx.text('ppv-plain', STRINGS.positivesTrue(ppv.value));
  drawCurves(
    loaded.Plot,
    ctx.root,
    rates.sensitivity.value,
    rates.specificity.value,
    balance,
    prevalence,
    record.meta.title,
  );
  ctx.chrome.set('ready', STRINGS.ready);
  return {
    task: ctx.state.task,
    prevalence,
    balance,
    sensitivity: sens,
    specificity: spec,
    ppv: ppv.value,
    npv: npv.value,
    shown: { ppv: ctx.part('ppv').textContent ?? '', npv: ctx.part('npv').textContent ?? '' },
  };
}
