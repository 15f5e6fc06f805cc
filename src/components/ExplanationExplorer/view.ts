/**
 * What the explanation explorer keeps and shows: its loaded state, the published result, and drawing what is
 * computed for the current state without computing anything (shared by renders and by the controls).
 */
import type { TaskId } from '../../lib/model/core/tasks';
import type { OcclusionBox } from '../../lib/model/explain/occlusion';
import type { Method } from '../../lib/model/explain/methods';
import type { ScoreSpace } from '../../lib/model/explain/scorer';
import { symmetricLimit } from '../../lib/view/heatmap';
import type { WidgetContext } from '../../lib/view/widget';
import { occlusionView, type Computed, type Subject } from './compute';
import { drawExplanation, showFaithfulness, showReadout, showSanity, type FaithRow, type SanityView } from './render';
import type { ExplainState } from './state';
import { STRINGS } from './strings';

export interface Loaded {
  subject: { key: string; subject: Subject; note: string } | null;
  gray: { id: string; values: Float32Array } | null;
  call: { key: string; probabilities: number[] } | null;
  view: { key: string; base: string; target: number; computed: Computed } | null;
  faith: { base: string; rows: Map<string, FaithRow> };
  sanity: { base: string; view: SanityView } | null;
  action: 'measure' | 'sanity' | null;
  cancel: AbortController | null;
  cursor: { row: number; col: number };
}

/** What tests and benches read from `data-result`. */
export interface ExplanationResult {
  scan: string;
  task: TaskId;
  own: boolean;
  classes: string[];
  probabilities: number[];
  target: number;
  space: ScoreSpace;
  method: Method;
  settings: { window: number; stride: number; fill: string; layer: string; steps: number };
  limit: number;
  /** Map values at a 4 × 4 lattice of pixels (rows and columns 28, 84, 140, 196). */
  samples: { row: number; col: number; value: number | null }[];
  boxes: OcclusionBox[] | null;
  base: Record<ScoreSpace, number> | null;
  completeness: { sum: number; delta: number; error: number } | null;
  layer: string | null;
  faithfulness: FaithRow[];
  sanity: { label: string; correlation: number }[] | null;
  cursor: { row: number; col: number; value: number | null };
  backend: string;
}

export type Ctx = WidgetContext<ExplainState, ExplanationResult>;

/** The explanation to show: the computed one, with occlusion's map in the current score space. */
export function currentExplanation(ctx: Ctx, loaded: Loaded): Computed['explanation'] | null {
  const view = loaded.view;
  if (!view) return null;
  return view.computed.occlusion ? occlusionView(view.computed.occlusion, ctx.state) : view.computed.explanation;
}

/** Draws what is computed for the current state, without computing; returns the result to publish. */
export function show(ctx: Ctx, loaded: Loaded): ExplanationResult | null {
  const explanation = currentExplanation(ctx, loaded);
  const view = loaded.view;
  if (!explanation || !view) return null;
  const cls = loaded.subject?.subject.explainable.meta.classes[view.target] ?? '';
  const units = STRINGS.units(explanation.method, ctx.state.space, cls);
  drawExplanation(ctx.root, explanation.map, ctx.state.opacity, units, STRINGS.overlayAria(explanation.method, cls));
  const { detail } = explanation;
  ctx.text(
    'detail',
    detail.completeness
      ? STRINGS.completeness(detail.completeness.sum, detail.completeness.delta, detail.completeness.error)
      : detail.layer
        ? STRINGS.layer(detail.layer)
        : detail.occlusion
          ? STRINGS.base(ctx.state.space, detail.occlusion.base[ctx.state.space])
          : '',
  );
  showReadout(ctx.root, explanation.map, loaded.cursor.row, loaded.cursor.col, units);
  showFaithfulness(ctx.root, loaded.faith.base === view.base ? [...loaded.faith.rows.values()] : []);
  showSanity(ctx.root, loaded.sanity?.base === view.base ? loaded.sanity.view : null);
  return resultOf(ctx, loaded);
}

function resultOf(ctx: Ctx, loaded: Loaded): ExplanationResult | null {
  const explanation = currentExplanation(ctx, loaded);
  const view = loaded.view;
  const selection = ctx.scan;
  if (!explanation || !view || !selection) return null;
  const { map, detail } = explanation;
  const at = (row: number, col: number): number | null => {
    const v = map.values[row * map.width + col] ?? Number.NaN;
    return Number.isFinite(v) ? v : null;
  };
  const lattice = [28, 84, 140, 196];
  const faith = loaded.faith.base === view.base ? [...loaded.faith.rows.values()] : [];
  const sanityView = loaded.sanity?.base === view.base ? loaded.sanity.view : null;
  return {
    scan: selection.id,
    task: ctx.state.task,
    own: Boolean(loaded.subject?.subject.own),
    classes: loaded.subject?.subject.explainable.meta.classes ?? [],
    probabilities: loaded.call?.probabilities ?? [],
    target: view.target,
    space: ctx.state.space,
    method: explanation.method,
    settings: {
      window: ctx.state.window,
      stride: ctx.state.stride,
      fill: ctx.state.fill,
      layer: ctx.state.layer,
      steps: ctx.state.steps,
    },
    limit: symmetricLimit(map.values),
    samples: lattice.flatMap((row) => lattice.map((col) => ({ row, col, value: at(row, col) }))),
    boxes: detail.occlusion?.boxes ?? null,
    base: detail.occlusion?.base ?? null,
    completeness: detail.completeness ?? null,
    layer: detail.layer ?? null,
    faithfulness: faith,
    sanity: sanityView ? sanityView.steps.map((s) => ({ label: s.label, correlation: s.correlation })) : null,
    cursor: { ...loaded.cursor, value: at(loaded.cursor.row, loaded.cursor.col) },
    backend: ctx.runtime.backend,
  };
}
