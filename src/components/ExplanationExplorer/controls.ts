/**
 * The explanation explorer's controls: settings that change the map ask for a render (the latest wins); opacity,
 * the score space of a finished occlusion map and the read-out redraw what is computed; Cancel stops the map in
 * progress; the two buttons queue faithfulness or the sanity check after the current map.
 */
import { cellAt } from '../../lib/view/heatmap';
import type { Method } from '../../lib/model/explain/methods';
import type { Fill } from '../../lib/model/explain/occlusion';
import type { ScoreSpace } from '../../lib/model/explain/scorer';
import type { TaskId } from '../../lib/model/core/tasks';
import { show, type Ctx, type Loaded } from './view';
import { showControls } from './render';
import type { ExplainState } from './state';

const BIG_STEP = 16;

function redraw(ctx: Ctx, current: () => Loaded): void {
  const result = show(ctx, current());
  if (result) ctx.publish(result);
}

function bindSettings(ctx: Ctx, current: () => Loaded): void {
  const change = (role: string, update: (s: ExplainState, value: string) => ExplainState): void => {
    const input = ctx.part<HTMLInputElement | HTMLSelectElement>(role);
    ctx.listen(input, 'change', () => {
      ctx.setState((s) => update(s, input.value));
      showControls(ctx.root, ctx.state, null);
    });
  };
  change('task', (s, v) => ({ ...s, task: v as TaskId, target: 'predicted', layer: '' }));
  change('target', (s, v) => ({ ...s, target: v }));
  change('method', (s, v) => ({ ...s, method: v as Method }));
  change('window', (s, v) => ({ ...s, window: Number(v) }));
  change('stride', (s, v) => ({ ...s, stride: Number(v) }));
  change('fill', (s, v) => ({ ...s, fill: v as Fill }));
  change('layer', (s, v) => ({ ...s, layer: v }));
  change('steps', (s, v) => ({ ...s, steps: Number(v) }));
  const own = ctx.part<HTMLInputElement>('own');
  ctx.listen(own, 'change', () => ctx.setState((s) => ({ ...s, own: own.checked, target: 'predicted' })));
  for (const radio of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="space"]')) {
    ctx.listen(radio, 'change', () => {
      if (!radio.checked) return;
      const occlusionDone = ctx.state.method === 'occlusion' && current().view?.computed.occlusion;
      ctx.setState((s) => ({ ...s, space: radio.value as ScoreSpace }), { render: !occlusionDone });
      if (occlusionDone) redraw(ctx, current);
    });
  }
  const opacity = ctx.part<HTMLInputElement>('opacity');
  ctx.listen(opacity, 'input', () => {
    ctx.setState((s) => ({ ...s, opacity: Number(opacity.value) }), { render: false });
    redraw(ctx, current);
  });
}

function bindActions(ctx: Ctx, current: () => Loaded): void {
  ctx.listen(ctx.part('cancel'), 'click', () => current().cancel?.abort());
  const queue = (action: 'measure' | 'sanity') => () => {
    current().action = action;
    ctx.request();
  };
  ctx.listen(ctx.part('measure'), 'click', queue('measure'));
  ctx.listen(ctx.part('sanity'), 'click', queue('sanity'));
}

/** Pointer (mouse, pen, touch) and keyboard move the read-out over the map; nothing is recomputed. */
function bindReadout(ctx: Ctx, current: () => Loaded): void {
  const canvas = ctx.part<HTMLCanvasElement>('overlay');
  const moveTo = (row: number, col: number): void => {
    const clamp = (v: number): number => Math.max(0, Math.min(canvas.height - 1, v));
    current().cursor = { row: clamp(row), col: clamp(col) };
    redraw(ctx, current);
  };
  const pick = (event: Event): void => {
    const cell = cellAt(canvas, event as PointerEvent);
    if (cell) moveTo(cell.row, cell.col);
  };
  ctx.listen(canvas, 'pointermove', pick);
  ctx.listen(canvas, 'pointerdown', (event) => {
    canvas.focus();
    pick(event);
  });
  ctx.listen(canvas, 'keydown', (event) => {
    const key = event as KeyboardEvent;
    const step = key.shiftKey ? BIG_STEP : 1;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-step, 0],
      ArrowDown: [step, 0],
      ArrowLeft: [0, -step],
      ArrowRight: [0, step],
    };
    const move = moves[key.key];
    if (!move) return;
    event.preventDefault();
    const { row, col } = current().cursor;
    moveTo(row + move[0], col + move[1]);
  });
}

export function bindControls(ctx: Ctx, current: () => Loaded): void {
  bindSettings(ctx, current);
  bindActions(ctx, current);
  bindReadout(ctx, current);
}
