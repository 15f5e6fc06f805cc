/**
 * The neuron widget, on the widget scaffold: tfjs computes y = f(Σ wᵢxᵢ + b) and the activation curve on each
 * change; Observable Plot draws the curve with the neuron's current point.
 */
import {
  activationCurve,
  isActivation,
  neuronForward,
  type ActivationName,
  type Curve,
} from '../../lib/model/lessons/neuron';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { showControls, showNeuron, showPlot, showReadouts } from './render';
import { neuronUrlState, withActivation, withBias, withInput, withWeight, type NeuronState } from './state';
import { STRINGS, formatMs, formatValue } from './strings';

/** The z range the curve is drawn over: the largest |z| the sliders allow (3 × 1 × 2 + 2 = 8). */
const CURVE_RANGE = 8;
const CURVE_POINTS = 161;

/** What the widget keeps: Plot, and each activation's curve computed on the current runtime. */
interface Loaded {
  Plot: typeof import('@observablehq/plot');
  curves: Map<ActivationName, Curve>;
}

/** What tests and benches read from `data-result`. */
export interface NeuronResult extends NeuronState {
  /** wᵢ · xᵢ for each input. */
  terms: number[];
  z: number;
  y: number;
}

type Ctx = WidgetContext<NeuronState, NeuronResult>;

export const neuron = defineWidget<NeuronState, Loaded, NeuronResult>({
  name: 'neuron widget',
  state: neuronUrlState,
  strings: { loading: STRINGS.loading },
  load: async () => ({ Plot: await import('@observablehq/plot'), curves: new Map() }),
  sync: (ctx) => showControls(ctx.root, ctx.state),
  setup: (ctx) => bindControls(ctx),
  render: (ctx, loaded, signal) => compute(ctx, loaded, signal),
});

async function compute(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<NeuronResult | null> {
  const state = ctx.state;
  const { tf, backend } = ctx.runtime;
  ctx.chrome.set('busy', STRINGS.computing);
  const started = performance.now();
  const out = await neuronForward(tf, state);
  let curve = loaded.curves.get(state.activation);
  if (!curve) {
    curve = await activationCurve(tf, state.activation, -CURVE_RANGE, CURVE_RANGE, CURVE_POINTS);
    loaded.curves.set(state.activation, curve);
  }
  if (signal.aborted) return null;
  showNeuron(ctx.root, state, out);
  showPlot(loaded.Plot, ctx.root, curve, state, out);
  ctx.chrome.set('ready', STRINGS.ready(formatValue(out.y), backend, formatMs(performance.now() - started)));
  return { ...state, terms: out.terms, z: out.z, y: out.y };
}

/** The state after a slider or radio changed; the same state for anything else. */
function updated(state: NeuronState, target: EventTarget | null): NeuronState {
  if (!(target instanceof HTMLInputElement)) return state;
  const value = Number(target.value);
  const index = Number(target.dataset.index);
  switch (target.dataset.role) {
    case 'x':
      return withInput(state, index, value);
    case 'w':
      return withWeight(state, index, value);
    case 'b':
      return withBias(state, value);
    case 'activation':
      return target.checked && isActivation(target.value) ? withActivation(state, target.value) : state;
    default:
      return state;
  }
}

function bindControls(ctx: Ctx): void {
  ctx.listen(ctx.root, 'input', (event) => {
    const next = updated(ctx.state, event.target);
    if (next === ctx.state) return;
    ctx.setState(next);
    showReadouts(ctx.root, next);
  });
}
