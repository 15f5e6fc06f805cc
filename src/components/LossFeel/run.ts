/** The loss widget, on the widget scaffold: drag p, and tf.grad gives the loss and ∂L/∂s for each class score. */
import { lossAndGradient } from '../../lib/model/lessons/loss';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { showControls, showCurve, showReading } from './render';
import { lossUrlState, type LossState } from './state';
import { STRINGS } from './strings';

interface Loaded {
  Plot: typeof import('@observablehq/plot');
}

/** What tests read from `data-result`. */
export interface LossResult extends LossState {
  probabilities: number[];
  loss: number;
  gradient: number[];
}

type Ctx = WidgetContext<LossState, LossResult>;

export const lossFeel = defineWidget<LossState, Loaded, LossResult>({
  name: 'loss widget',
  state: lossUrlState,
  strings: { loading: STRINGS.loading },
  load: async () => ({ Plot: await import('@observablehq/plot') }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx) => bind(ctx),
  render: async (ctx, loaded, signal) => {
    const reading = await lossAndGradient(ctx.runtime.tf, [1 - ctx.state.p, ctx.state.p], ctx.state.label);
    if (signal.aborted) return null;
    showReading(ctx.root, ctx.state, reading);
    showCurve(loaded.Plot, ctx.root, ctx.state, reading);
    ctx.chrome.set('ready', STRINGS.ready(reading.loss, ctx.runtime.backend));
    return { ...ctx.state, ...reading };
  },
});

function bind(ctx: Ctx): void {
  const slider = ctx.part<HTMLInputElement>('p');
  ctx.listen(slider, 'input', () => {
    ctx.setState((s) => ({ ...s, p: Number(slider.value) }));
    showControls(ctx.root, ctx.state);
  });
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="label"]'))
    ctx.listen(radio, 'change', () => radio.checked && ctx.setState((s) => ({ ...s, label: Number(radio.value) })));
}
