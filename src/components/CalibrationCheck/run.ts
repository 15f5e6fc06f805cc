/**
 * The calibration check, on the widget scaffold: a head's real test probabilities in a reliability diagram with
 * ECE, Brier and NLL; temperature scaling fitted on the validation scores alone (calibration.ts never reads the
 * test rows before T is fixed) and shown applied to test.
 */
import type * as PlotModule from '@observablehq/plot';
import { temperatureScaled, type CalibrationSummary } from '../../lib/model/evaluation/calibration';
import { headRecord, type HeadRecord } from '../../lib/view/head-scores';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawReliability } from './render';
import { calibrationUrlState, type CalibrationState } from './state';
import { STRINGS } from './strings';

type Task = CalibrationState['task'];

interface Head {
  record: HeadRecord;
  temperature: number;
  before: CalibrationSummary;
  after: CalibrationSummary;
}

interface Loaded {
  Plot: typeof PlotModule;
  heads: Map<Task, Head>;
}

/** What tests and benches read from `data-result`. */
export interface CalibrationResult {
  task: Task;
  scaled: boolean;
  temperature: number;
  ece: number;
  brier: number;
  nll: number;
  /** Images the model gave ≥ 99 % confidence, and how many of those it got wrong. */
  confident: number;
  confidentWrong: number;
}

type Ctx = WidgetContext<CalibrationState, CalibrationResult>;

function split(file: HeadRecord['test']): { probabilities: number[][]; truth: number[] } {
  return { probabilities: file.rows.map((r) => [...r.probabilities]), truth: file.rows.map((r) => r.truth) };
}

async function head(loaded: Loaded, task: Task): Promise<Head> {
  const cached = loaded.heads.get(task);
  if (cached) return cached;
  const record = await headRecord(task);
  const entry = { record, ...temperatureScaled(split(record.validation), split(record.test)) };
  loaded.heads.set(task, entry);
  return entry;
}

export const calibrationCheck = defineWidget<CalibrationState, Loaded, CalibrationResult>({
  name: 'calibration check',
  state: calibrationUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => ({
    Plot: previous?.Plot ?? (await import('@observablehq/plot')),
    heads: previous?.heads ?? new Map(),
  }),
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('task').value = ctx.state.task;
    ctx.part<HTMLInputElement>('scaled').checked = ctx.state.scaled;
  },
  setup: (ctx) => {
    const select = ctx.part<HTMLSelectElement>('task');
    ctx.listen(select, 'change', () => ctx.setState((s) => ({ ...s, task: select.value as Task })));
    const scaled = ctx.part<HTMLInputElement>('scaled');
    ctx.listen(scaled, 'change', () => ctx.setState((s) => ({ ...s, scaled: scaled.checked })));
  },
  render: (ctx, loaded, signal) => show(ctx, loaded, signal),
});

async function show(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<CalibrationResult | null> {
  const { task, scaled } = ctx.state;
  const h = await head(loaded, task);
  if (signal.aborted) return null;
  const summary = scaled ? h.after : h.before;
  drawReliability(loaded.Plot, ctx.root, summary.bins, STRINGS.chartLabel(h.record.meta.title, scaled, summary.ece));
  ctx.text('temperature', STRINGS.temperature(h.temperature, h.record.validation.rows.length));
  for (const [which, s] of [
    ['before', h.before],
    ['after', h.after],
  ] as const) {
    const [ece, brier, nll] = STRINGS.summary(s.ece, s.brier, s.nll);
    ctx.text(`ece-${which}`, ece);
    ctx.text(`brier-${which}`, brier);
    ctx.text(`nll-${which}`, nll);
  }
  const confident = h.record.test.rows.filter((r) => Math.max(...r.probabilities) >= 0.99);
  const confidentWrong = confident.filter((r) => r.probabilities.indexOf(Math.max(...r.probabilities)) !== r.truth);
  ctx.text('confident', STRINGS.overconfident(confident.length, confidentWrong.length));
  ctx.chrome.set('ready', STRINGS.ready(scaled));
  return {
    task,
    scaled,
    temperature: h.temperature,
    ece: summary.ece,
    brier: summary.brier,
    nll: summary.nll,
    confident: confident.length,
    confidentWrong: confidentWrong.length,
  };
}
