/** The neuron widget's work, loaded lazily: tfjs computes y = f(Σ wᵢxᵢ + b) and the activation curve on each change. */
import {
  activationCurve,
  isActivation,
  neuronForward,
  type ActivationName,
  type Curve,
} from '../../lib/model/lessons/neuron';
import type { Runtime } from '../../lib/model/core/runtime';
import { latestRunner } from '../../lib/view/latest-runner';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
import { afterRuntimeReset, startRuntime } from '../../lib/view/widget-runtime';
import { showControls, showNeuron, showPlot, showReadouts } from './render';
import { parseState, withActivation, withBias, withInput, withWeight, writeState, type NeuronState } from './state';
import { STRINGS, formatMs, formatValue } from './strings';

/** The z range the curve is drawn over: the largest |z| the sliders allow (3 × 1 × 2 + 2 = 8). */
const CURVE_RANGE = 8;
const CURVE_POINTS = 161;

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
    default:
      return target.type === 'radio' && isActivation(target.value) ? withActivation(state, target.value) : state;
  }
}

interface Session {
  runtime: Runtime;
  Plot: typeof import('@observablehq/plot');
  curves: Map<ActivationName, Curve>;
  state: NeuronState;
}

async function compute(root: HTMLElement, chrome: WidgetChrome, session: Session): Promise<void> {
  const { runtime, curves, state } = session;
  chrome.set('busy', STRINGS.computing);
  const started = performance.now();
  const out = await neuronForward(runtime.tf, state);
  let curve = curves.get(state.activation);
  if (!curve) {
    curve = await activationCurve(runtime.tf, state.activation, -CURVE_RANGE, CURVE_RANGE, CURVE_POINTS);
    curves.set(state.activation, curve);
  }
  showNeuron(root, state, out);
  showPlot(session.Plot, root, curve, state, out);
  const ms = performance.now() - started;
  root.dataset.result = JSON.stringify({ ...state, terms: out.terms, z: out.z, y: out.y });
  root.dataset.lastMs = ms.toFixed(2);
  chrome.set('ready', STRINGS.ready(formatValue(out.y), runtime.backend, formatMs(ms)));
}

export async function runNeuron(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  const state = parseState(currentParams());
  showControls(root, state);
  const [runtime, Plot] = await Promise.all([
    startRuntime(chrome, STRINGS.loading),
    import('@observablehq/plot').catch((error: unknown) => chrome.fail(error)),
  ]);
  if (!runtime || !Plot) return;
  const session: Session = { runtime, Plot, curves: new Map(), state };
  const request = latestRunner(
    () => compute(root, chrome, session),
    (error) => chrome.fail(error),
  );
  root.addEventListener('input', (event) => {
    const next = updated(session.state, event.target);
    if (next === session.state) return;
    session.state = next;
    showReadouts(root, next);
    updateParams((params) => writeState(next, params));
    request();
  });
  afterRuntimeReset(
    chrome,
    (next) => {
      session.runtime = next;
      session.curves.clear();
    },
    request,
  );
  request();
}
