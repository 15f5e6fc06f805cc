/**
 * The ROC explorer, on the widget scaffold: a binary head's real test scores, a threshold moved by slider, drag or
 * arrow keys along the curve; counts, rates (Wilson intervals) and the AUC (DeLong) recomputed from the scores; a
 * confusion cell opens the scans it holds. No tensors: scores are plain numbers fetched once.
 */
import type * as PlotModule from '@observablehq/plot';
import { judgeAt, judgeBinary, type BinaryJudging } from '../../lib/model/evaluation/judging';
import type { Counts } from '../../lib/model/evaluation/operating';
import { chapterPath } from '../../lib/paths';
import { headRecord, testScanIndex, type HeadRecord, type ScanIndex } from '../../lib/view/head-scores';
import { loadGallery } from '../../lib/view/image-source';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { drawRoc, movePoint, showConfusion, showRates, showThreshold, type RocChart } from './render';
import { cellRows, PAGE, showScans } from './scans';
import {
  CELLS,
  rocUrlState,
  stepVertex,
  withTask,
  withThreshold,
  type Cell,
  type RocState,
  type RocTask,
} from './state';
import { STRINGS, threshold as thresholdText } from './strings';

interface Loaded {
  Plot: typeof PlotModule;
  index: ScanIndex;
  /** Gallery scan ids: the explanations chapter's scan picker opens these from its URL (?scan=). */
  gallery: Set<string>;
  heads: Map<RocTask, { record: HeadRecord; judging: BinaryJudging }>;
  chart: { task: RocTask; chart: RocChart } | null;
  shown: number;
}

/** What tests and benches read from `data-result`. */
export interface RocResult {
  task: RocTask;
  threshold: number;
  counts: Counts;
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  accuracy: number;
  auc: number;
  /** The text the page shows for each rate, as the reader sees it. */
  shown: Record<'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'accuracy' | 'auc', string>;
  cell: Cell;
  cellCount: number;
  images: number;
}

type Ctx = WidgetContext<RocState, RocResult>;

export const rocThreshold = defineWidget<RocState, Loaded, RocResult>({
  name: 'ROC explorer',
  state: rocUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => ({
    Plot: previous?.Plot ?? (await import('@observablehq/plot')),
    index: previous?.index ?? (await testScanIndex()),
    gallery: previous?.gallery ?? (await galleryIds()),
    heads: previous?.heads ?? new Map(),
    chart: null,
    shown: PAGE,
  }),
  sync: (ctx) => {
    ctx.part<HTMLSelectElement>('task').value = ctx.state.task;
  },
  setup: (ctx, current) => bind(ctx, current),
  render: (ctx, loaded, signal) => show(ctx, loaded, signal),
});

/** The gallery's scan ids (none when no gallery is installed: then no scan gets a link). */
async function galleryIds(): Promise<Set<string>> {
  try {
    return new Set((await loadGallery()).scans.map((s) => s.id));
  } catch {
    return new Set();
  }
}

/** The explanations chapter, opened on this scan, when its gallery holds it. */
function explainUrl(gallery: ReadonlySet<string>, scoreId: string): string | null {
  const id = (scoreId.split('/').pop() ?? '').replace(/\.[a-z]+$/i, '');
  return gallery.has(id) ? `${chapterPath('where-the-network-looked')}?scan=${encodeURIComponent(id)}` : null;
}

async function head(loaded: Loaded, task: RocTask): Promise<{ record: HeadRecord; judging: BinaryJudging }> {
  const cached = loaded.heads.get(task);
  if (cached) return cached;
  const record = await headRecord(task);
  const judging = judgeBinary(record.meta.classes, record.meta.positive, record.test, record.validation);
  const entry = { record, judging };
  loaded.heads.set(task, entry);
  return entry;
}

async function show(ctx: Ctx, loaded: Loaded, signal: AbortSignal): Promise<RocResult | null> {
  const { task, threshold, cell } = ctx.state;
  const { record, judging } = await head(loaded, task);
  if (signal.aborted) return null;
  if (loaded.chart?.task !== task) {
    loaded.chart = { task, chart: drawRoc(loaded.Plot, ctx.root, judging, record.meta.title) };
    showHead(ctx, record, judging);
  }
  const { counts, rates } = judgeAt(judging, threshold);
  movePoint(
    ctx.root,
    loaded.chart.chart,
    counts,
    STRINGS.chartLabel(
      record.meta.title,
      judging.auc.value.toFixed(3),
      counts.fp / (counts.fp + counts.tn),
      counts.tp / (counts.tp + counts.fn),
      threshold,
    ),
  );
  showConfusion(ctx.root, counts, cell);
  showRates(ctx.root, rates, judging.auc);
  showThreshold(ctx.root, threshold, thresholdText(threshold));
  const rows = cell === 'none' ? [] : cellRows(judging, threshold, cell);
  const positiveName = record.meta.positive.join(', ');
  const images = showScans(ctx.root, cell, rows, loaded.shown, {
    classes: record.meta.classes,
    positiveName,
    index: loaded.index,
    explainUrl: (scoreId) => explainUrl(loaded.gallery, scoreId),
  });
  ctx.chrome.set('ready', STRINGS.ready(judging.test.scores.length, threshold));
  const text = (role: string): string => ctx.part(role).textContent ?? '';
  return {
    task,
    threshold,
    counts,
    sensitivity: rates.sensitivity.value,
    specificity: rates.specificity.value,
    ppv: rates.ppv.value,
    npv: rates.npv.value,
    accuracy: rates.accuracy.value,
    auc: judging.auc.value,
    shown: {
      sensitivity: text('sensitivity'),
      specificity: text('specificity'),
      ppv: text('ppv'),
      npv: text('npv'),
      accuracy: text('accuracy'),
      auc: text('auc'),
    },
    cell,
    cellCount: rows.length,
    images,
  };
}

/** What changes only with the head: the two marked operating points and which class is positive. */
function showHead(ctx: Ctx, record: HeadRecord, j: BinaryJudging): void {
  const { positive, classes } = record.meta;
  ctx.text(
    'positive-note',
    STRINGS.positiveNote(positive.join(', '), classes.filter((c) => !positive.includes(c)).join(', ')),
  );
  ctx.text('honest', j.honest ? STRINGS.validationPoint(j.honest.target, j.honest.threshold) : '—');
  ctx.text('optimistic', j.optimistic ? STRINGS.testPoint(j.honest?.target ?? 0.93, j.optimistic.threshold) : '—');
}

function bind(ctx: Ctx, current: () => Loaded): void {
  const select = ctx.part<HTMLSelectElement>('task');
  ctx.listen(select, 'change', () => {
    current().shown = PAGE;
    ctx.setState((s) => withTask(s, select.value));
  });
  const input = ctx.part<HTMLInputElement>('threshold');
  ctx.listen(input, 'input', () => ctx.setState((s) => withThreshold(s, Number(input.value))));
  for (const cell of CELLS.filter((c): c is Exclude<Cell, 'none'> => c !== 'none')) {
    ctx.listen(ctx.part(`cell-${cell}`), 'click', () => {
      current().shown = PAGE;
      ctx.setState((s) => ({ ...s, cell: s.cell === cell ? 'none' : cell }));
    });
  }
  ctx.listen(ctx.part('more'), 'click', () => {
    current().shown += PAGE;
    ctx.request();
  });
  bindCurve(ctx, current);
}

/** Drag (mouse, pen, touch) snaps to the nearest operating point; arrow keys step from one to the next. */
function bindCurve(ctx: Ctx, current: () => Loaded): void {
  const area = ctx.part('chart');
  const judging = (): BinaryJudging | undefined => current().heads.get(ctx.state.task)?.judging;
  const pick = (event: PointerEvent): void => {
    const chart = current().chart?.chart;
    const j = judging();
    if (!chart || !j) return;
    const rect = chart.svg.getBoundingClientRect();
    const width = Number(chart.svg.getAttribute('width')) || rect.width;
    const height = Number(chart.svg.getAttribute('height')) || rect.height;
    const at = chart.invert(
      ((event.clientX - rect.left) * width) / rect.width,
      ((event.clientY - rect.top) * height) / rect.height,
    );
    const nearest = j.curve.reduce((best, p) =>
      (p.fpr - at.fpr) ** 2 + (p.tpr - at.tpr) ** 2 < (best.fpr - at.fpr) ** 2 + (best.tpr - at.tpr) ** 2 ? p : best,
    );
    ctx.setState((s) => withThreshold(s, Number.isFinite(nearest.threshold) ? nearest.threshold : 1));
  };
  ctx.listen(area, 'pointerdown', (event) => {
    const e = event as PointerEvent;
    area.setPointerCapture?.(e.pointerId);
    area.focus();
    pick(e);
  });
  ctx.listen(area, 'pointermove', (event) => {
    const e = event as PointerEvent;
    if (area.hasPointerCapture?.(e.pointerId)) pick(e);
  });
  ctx.listen(area, 'keydown', (event) => {
    const j = judging();
    const key = (event as KeyboardEvent).key;
    const next = j
      ? stepVertex(
          ctx.state.threshold,
          j.curve.map((p) => p.threshold),
          key,
        )
      : null;
    if (next === null) return;
    event.preventDefault();
    ctx.setState((s) => withThreshold(s, next));
  });
}
