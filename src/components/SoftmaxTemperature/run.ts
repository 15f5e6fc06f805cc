/**
 * The softmax widget, on the widget scaffold: tf.softmax turns the scores (divided by the temperature) into
 * probabilities on each change; the table shows the same computation by hand, step by step.
 */
import { crossEntropy, softmaxOnRuntime, softmaxSteps } from '../../lib/model/lessons/softmax';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { showControls, showLoss, showPlot, showSteps } from './render';
import { CLASSES, shifted, softmaxUrlState, withScore, withTemperature, withTruth, type SoftmaxState } from './state';
import { STRINGS } from './strings';

interface Loaded {
  Plot: typeof import('@observablehq/plot');
}

/** What tests read from `data-result`. */
export interface SoftmaxResult extends SoftmaxState {
  /** From tf.softmax on the page's backend. */
  probabilities: number[];
  /** From the step-by-step arithmetic of the table. */
  byHand: number[];
  loss: number;
  top: string;
}

type Ctx = WidgetContext<SoftmaxState, SoftmaxResult>;

export const softmaxTemperature = defineWidget<SoftmaxState, Loaded, SoftmaxResult>({
  name: 'softmax widget',
  state: softmaxUrlState,
  strings: { loading: STRINGS.loading },
  load: async () => ({ Plot: await import('@observablehq/plot') }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx) => bindControls(ctx),
  render: (ctx, loaded, signal) => compute(ctx, loaded, signal),
});

async function compute(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<SoftmaxResult | null> {
  const state = ctx.state;
  ctx.chrome.set('busy', STRINGS.computing);
  const probabilities = await softmaxOnRuntime(ctx.runtime.tf, state.scores, state.temperature);
  if (signal.aborted) return null;
  const steps = softmaxSteps(state.scores, state.temperature);
  const truth = CLASSES.indexOf(state.truth);
  const loss = crossEntropy(probabilities, truth);
  const topIndex = probabilities.indexOf(Math.max(...probabilities));
  const top = CLASSES[topIndex] ?? '';
  // The buttons and the keyboard change several values at once: the sliders and their read-outs follow the state.
  showControls(ctx.root, state);
  showSteps(ctx.root, state, steps);
  showPlot(loaded.Plot, ctx.root, probabilities, state.truth);
  showLoss(ctx.root, state.truth, probabilities[truth] ?? 0, loss);
  const p = STRINGS.percent(probabilities[topIndex] ?? 0);
  ctx.chrome.set('ready', STRINGS.ready(STRINGS.className(top), p, ctx.runtime.backend));
  return { ...state, probabilities, byHand: steps.probabilities, loss, top };
}

function bindControls(ctx: Ctx): void {
  ctx.listen(ctx.root, 'input', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    const value = Number(target.value);
    if (target.dataset.role === 'temperature') ctx.setState((s) => withTemperature(s, value));
    else if (target.dataset.index !== undefined) ctx.setState((s) => withScore(s, Number(target.dataset.index), value));
  });
  const truth = ctx.part<HTMLSelectElement>('truth');
  ctx.listen(truth, 'change', () => ctx.setState((s) => withTruth(s, truth.value)));
  ctx.listen(ctx.part('shift-up'), 'click', () => ctx.setState((s) => shifted(s, 1)));
  ctx.listen(ctx.part('shift-down'), 'click', () => ctx.setState((s) => shifted(s, -1)));
}
