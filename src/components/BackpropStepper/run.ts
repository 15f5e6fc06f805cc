/**
 * The backprop step-through, on the widget scaffold: an 8 × 8 crop of the chosen scan through a 30-weight network,
 * walked node by node forward and backward (plain arithmetic, lessons/backprop.ts); "Check" sets every weight's
 * gradient beside tf.grads on the page's backend and a finite difference; "Take one step" updates the weights.
 */
import { preprocessGray } from '../../lib/model/core/preprocess';
import {
  backward,
  checkGradients,
  cropOf,
  descend,
  forward,
  initialNet,
  worstOf,
  type TinyNet,
} from '../../lib/model/lessons/backprop';
import { registerWasmGradients } from '../../lib/model/training/wasm-gradients';
import { shippedInput } from '../../lib/shipped-input';
import { cellAt } from '../../lib/view/heatmap';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawScan, showCheck, showCrop, showDetail, showNode } from './render';
import { backpropUrlState, clampLearningRate, movedCrop, type BackpropState } from './state';
import { STEP_COUNT, cellDetail, nodeAt } from './steps';
import { STRINGS } from './strings';

const INPUT = shippedInput();

interface Loaded {
  scan: { id: string; gray: Float32Array } | null;
  /** The weights now (changed by update steps), and the seed they started from. */
  net: TinyNet;
  seed: number;
  selected: number;
  check: { tfError: number; fdRelativeError: number; kinks: number; backend: string } | null;
  update: { learningRate: number; before: number; after: number } | null;
}

/** What tests and benches read from `data-result`. */
export interface BackpropResult {
  scan: string;
  row: number;
  col: number;
  label: number;
  seed: number;
  step: number;
  loss: number;
  probs: number[];
  check: Loaded['check'];
  update: Loaded['update'];
}

type Ctx = WidgetContext<BackpropState, BackpropResult>;

export const backpropStepper = defineWidget<BackpropState, Loaded, BackpropResult>({
  name: 'backprop step-through',
  state: backpropUrlState,
  strings: { loading: STRINGS.loading, chooseImage: STRINGS.chooseImage },
  scan: { dataset: 'cxr' },
  load: async (ctx, previous) => {
    // tf.grads of a convolution needs Conv2DBackpropFilter, which tfjs-wasm 4.22 lacks: Lightbox's kernel for it
    // (idempotent; no fast-path wrappers, so the page's other widgets run wasm's own kernels as before).
    if (ctx.runtime.backend === 'wasm') registerWasmGradients(ctx.runtime.tf, { fastPaths: false });
    return {
      scan: previous?.scan ?? null,
      net: initialNet(ctx.state.seed),
      seed: ctx.state.seed,
      selected: 0,
      check: null,
      update: null,
    };
  },
  sync: (ctx) => syncControls(ctx),
  setup: (ctx, current) => bind(ctx, current),
  onScan: (ctx, selection) => {
    ctx.text('caption', selection.caption);
    const label = selection.scan?.label;
    if (label === 'NORMAL' || label === 'PNEUMONIA')
      ctx.setState((s) => ({ ...s, label: label === 'NORMAL' ? 0 : 1 }), { render: false });
    syncControls(ctx);
  },
  render: async (ctx, loaded) => walk(ctx, loaded),
});

function syncControls(ctx: Ctx): void {
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="label"]'))
    radio.checked = Number(radio.value) === ctx.state.label;
  ctx.part<HTMLInputElement>('lr').value = String(ctx.state.learningRate);
  ctx.part<HTMLInputElement>('seed').value = String(ctx.state.seed);
}

function compute(ctx: Ctx, loaded: Loaded) {
  const input = cropOf(loaded.scan!.gray, INPUT.size, ctx.state.row, ctx.state.col, INPUT);
  const f = forward(loaded.net, input, ctx.state.label);
  return { input, f, b: backward(loaded.net, f) };
}

function walk(ctx: Ctx, loaded: Loaded): BackpropResult | null {
  const selection = ctx.scan;
  if (!selection) return null;
  if (loaded.scan?.id !== selection.id) {
    loaded.scan = { id: selection.id, gray: preprocessGray(selection.image, INPUT.size) };
    drawScan(ctx.root, loaded.scan.gray, INPUT.size);
  }
  if (loaded.seed !== ctx.state.seed) {
    loaded.net = initialNet(ctx.state.seed);
    loaded.seed = ctx.state.seed;
    loaded.update = null;
  }
  const { state } = ctx;
  showCrop(ctx.root, state.row, state.col, INPUT.size);
  const { f, b } = compute(ctx, loaded);
  const view = nodeAt(state.step, loaded.net, f, b);
  loaded.selected = Math.min(loaded.selected, view.values.length - 1);
  showNode(ctx.root, state.step, view, loaded.selected);
  const d = cellDetail(state.step, loaded.selected, loaded.net, f, b);
  showDetail(
    ctx.root,
    view.direction === 'forward' && state.step < 6
      ? `${STRINGS.detail(d.value, null, null, null, null, null)}. ${STRINGS.noDetail}`
      : STRINGS.detail(d.value, d.local?.text ?? null, d.local?.value ?? null, d.upstream, d.product, d.accumulated),
  );
  const labelName = state.label === 0 ? 'normal' : 'pneumonia';
  ctx.text('loss', STRINGS.loss(f.loss, f.probs[state.label]!, labelName));
  ctx.chrome.set('ready', STRINGS.ready(state.step, STEP_COUNT, view.name));
  return {
    scan: selection.id,
    row: state.row,
    col: state.col,
    label: state.label,
    seed: state.seed,
    step: state.step,
    loss: f.loss,
    probs: f.probs,
    check: loaded.check,
    update: loaded.update,
  };
}

async function check(ctx: Ctx, loaded: Loaded): Promise<void> {
  if (!loaded.scan) return;
  ctx.chrome.set('busy', STRINGS.checking);
  const { input } = compute(ctx, loaded);
  const checks = await checkGradients(ctx.runtime.tf, loaded.net, input, ctx.state.label);
  const worst = worstOf(checks);
  loaded.check = { ...worst, backend: ctx.runtime.backend };
  showCheck(ctx.root, checks, STRINGS.checked(worst.tfError, worst.fdRelativeError, worst.kinks, ctx.runtime.backend));
  ctx.request();
}

function bind(ctx: Ctx, current: () => Loaded): void {
  const go = (step: number): void => ctx.setState((s) => ({ ...s, step: Math.max(0, Math.min(STEP_COUNT - 1, step)) }));
  ctx.listen(ctx.part('next'), 'click', () => go(ctx.state.step + 1));
  ctx.listen(ctx.part('back'), 'click', () => go(ctx.state.step - 1));
  ctx.listen(ctx.part('node'), 'click', (event) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]')?.dataset.cell;
    if (cell === undefined) return;
    current().selected = Number(cell);
    ctx.request();
  });
  ctx.listen(
    ctx.part('check-button'),
    'click',
    () => void check(ctx, current()).catch((e: unknown) => ctx.chrome.fail(e)),
  );
  ctx.listen(ctx.part('update'), 'click', () => {
    const loaded = current();
    if (!loaded.scan) return;
    const { input, f, b } = compute(ctx, loaded);
    loaded.net = descend(loaded.net, b, ctx.state.learningRate);
    loaded.update = {
      learningRate: ctx.state.learningRate,
      before: f.loss,
      after: forward(loaded.net, input, ctx.state.label).loss,
    };
    loaded.check = null;
    showCheck(ctx.root, null, '');
    ctx.text('update-text', STRINGS.updated(loaded.update.learningRate, loaded.update.before, loaded.update.after));
    ctx.request();
  });
  const lr = ctx.part<HTMLInputElement>('lr');
  ctx.listen(lr, 'change', () => {
    const { value, note } = clampLearningRate(lr.valueAsNumber);
    lr.value = String(value);
    ctx.text('input-note', note ?? '');
    ctx.setState((s) => ({ ...s, learningRate: value }), { render: false });
  });
  const seed = ctx.part<HTMLInputElement>('seed');
  ctx.listen(seed, 'change', () =>
    ctx.setState((s) => ({ ...s, seed: Math.max(0, Math.round(seed.valueAsNumber) || 0) })),
  );
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="label"]'))
    ctx.listen(radio, 'change', () => radio.checked && ctx.setState((s) => ({ ...s, label: Number(radio.value) })));
  bindCropPicking(ctx);
}

function bindCropPicking(ctx: Ctx): void {
  const canvas = ctx.part<HTMLCanvasElement>('scan');
  const centre = (v: number): number => v - 3;
  ctx.listen(canvas, 'pointerdown', (event) => {
    canvas.focus();
    const cell = cellAt(canvas, event as PointerEvent);
    if (cell) ctx.setState((s) => movedCrop({ ...s, row: centre(cell.row), col: centre(cell.col) }, 0, 0));
  });
  ctx.listen(canvas, 'keydown', (event) => {
    const key = event as KeyboardEvent;
    const step = key.shiftKey ? 8 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-step, 0],
      ArrowDown: [step, 0],
      ArrowLeft: [0, -step],
      ArrowRight: [0, step],
    };
    const move = moves[key.key];
    if (!move) return;
    event.preventDefault();
    ctx.setState((s) => movedCrop(s, move[0], move[1]));
  });
}
