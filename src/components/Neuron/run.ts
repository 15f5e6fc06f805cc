/** The neuron widget's work, loaded lazily: tfjs computes y = f(Σ wᵢxᵢ + b) and the activation curve on each change. */
import { activationCurve, isActivation, neuronForward, type ActivationName, type Curve } from '../../lib/model/neuron';
import type { Runtime } from '../../lib/model/runtime';
import { latestRunner } from '../../lib/view/latest-runner';
import { RUNTIME_RESET_EVENT, pageRuntime } from '../../lib/view/site-runtime';
import { currentParams, updateParams } from '../../lib/view/url-state';
import { WidgetChrome } from '../../lib/view/widget-chrome';
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
    case 'x': return withInput(state, index, value);
    case 'w': return withWeight(state, index, value);
    case 'b': return withBias(state, value);
    default: return target.type === 'radio' && isActivation(target.value) ? withActivation(state, target.value) : state;
  }
}

export async function runNeuron(root: HTMLElement): Promise<void> {
  const chrome = new WidgetChrome(root);
  let state = parseState(currentParams());
  showControls(root, state);
  chrome.set('loading', STRINGS.loading);
  chrome.showProgress(null);
  let runtime: Runtime;
  let Plot: typeof import('@observablehq/plot');
  try {
    [runtime, Plot] = await Promise.all([pageRuntime(), import('@observablehq/plot')]);
  } catch (error) {
    chrome.fail(error);
    return;
  }
  chrome.showBackend(runtime);
  const curves = new Map<ActivationName, Curve>();

  const compute = async (): Promise<void> => {
    const current = state;
    chrome.set('busy', STRINGS.computing);
    const started = performance.now();
    const out = await neuronForward(runtime.tf, current);
    let curve = curves.get(current.activation);
    if (!curve) {
      curve = await activationCurve(runtime.tf, current.activation, -CURVE_RANGE, CURVE_RANGE, CURVE_POINTS);
      curves.set(current.activation, curve);
    }
    showNeuron(root, current, out);
    showPlot(Plot, root, curve, current, out);
    const ms = performance.now() - started;
    root.dataset.result = JSON.stringify({ ...current, terms: out.terms, z: out.z, y: out.y });
    root.dataset.lastMs = ms.toFixed(2);
    chrome.set('ready', STRINGS.ready(formatValue(out.y), runtime.backend, formatMs(ms)));
  };
  const request = latestRunner(compute, (error) => chrome.fail(error));

  root.addEventListener('input', (event) => {
    const next = updated(state, event.target);
    if (next === state) return;
    state = next;
    showReadouts(root, state);
    updateParams((params) => writeState(state, params));
    request();
  });
  window.addEventListener(RUNTIME_RESET_EVENT, () => {
    void pageRuntime().then((next) => {
      runtime = next;
      chrome.showBackend(runtime);
      curves.clear();
      request();
    }).catch((error: unknown) => chrome.fail(error));
  });
  request();
}
