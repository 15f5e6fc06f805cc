/**
 * The error-cost explorer, on the widget scaffold. OCT: the head's test confusion (argmax, as meta.json records it)
 * weighed by a penalty matrix the reader edits (Kermany's by default), and Kermany's referral triage. Chest X-ray:
 * a missed pneumonia costs k false alarms; the shipped threshold's cost beside the threshold cheapest on validation.
 */
import { taskInfo } from '../../lib/model/core/tasks';
import { binaryCost, costMinimisingThreshold, triageCounts, weightedError } from '../../lib/model/evaluation/costs';
import { metricSet } from '../../lib/model/evaluation/evaluate';
import { judgeBinary, judgeAt, type BinaryJudging } from '../../lib/model/evaluation/judging';
import { headRecord, type HeadRecord } from '../../lib/view/head-scores';
import { defineWidget, type WidgetContext } from '../../lib/view/widget';
import { fillMatrix, showPenalties, TRIAGE_NAMES } from './render';
import { costUrlState, OCT_CLASSES, penaltyMatrix, withPenalty, type CostState } from './state';
import { STRINGS } from './strings';

interface Loaded {
  oct: { record: HeadRecord; confusion: number[][] };
  cxr: { record: HeadRecord; judging: BinaryJudging };
}

/** What tests and benches read from `data-result`. */
export interface CostResult {
  weightedError: number;
  confusion: number[][];
  triage: number[][];
  ratio: number;
  shipped: { threshold: number; fn: number; fp: number; cost: number };
  chosen: { threshold: number; fn: number; fp: number; cost: number };
}

type Ctx = WidgetContext<CostState, CostResult>;

async function loadHeads(): Promise<Loaded> {
  const [oct, cxr] = await Promise.all([headRecord('oct'), headRecord('cxr')]);
  const confusion = metricSet(
    taskInfo('oct'),
    oct.test.rows.map((r) => r.probabilities),
    oct.test.rows.map((r) => r.truth),
    oct.meta.threshold.value,
  ).confusion;
  const judging = judgeBinary(cxr.meta.classes, cxr.meta.positive, cxr.test, cxr.validation);
  return { oct: { record: oct, confusion }, cxr: { record: cxr, judging } };
}

export const errorCosts = defineWidget<CostState, Loaded, CostResult>({
  name: 'error-cost explorer',
  state: costUrlState,
  strings: { loading: STRINGS.loading },
  load: async (_ctx, previous) => previous ?? loadHeads(),
  sync: (ctx) => showPenalties(ctx.root, ctx.state),
  setup: (ctx) => {
    for (const input of ctx.root.querySelectorAll<HTMLInputElement>('input[data-role="penalty"]')) {
      ctx.listen(input, 'change', () => {
        ctx.setState((s) => withPenalty(s, Number(input.dataset.index), Number(input.value)));
        showPenalties(ctx.root, ctx.state);
      });
    }
    const ratio = ctx.part<HTMLInputElement>('ratio');
    ctx.listen(ratio, 'input', () => ctx.setState((s) => ({ ...s, ratio: Number(ratio.value) })));
  },
  render: (ctx, loaded) => Promise.resolve(show(ctx, loaded)),
});

function cxrCost(j: BinaryJudging, threshold: number, ratio: number) {
  const { counts } = judgeAt(j, threshold);
  return { threshold, fn: counts.fn, fp: counts.fp, cost: binaryCost(counts, ratio, 1) };
}

function show(ctx: Ctx, loaded: Loaded): CostResult {
  const { oct, cxr } = loaded;
  fillMatrix(ctx.root, 'confusion', OCT_CLASSES, oct.confusion);
  const error = weightedError(oct.confusion, penaltyMatrix(ctx.state));
  ctx.text('weighted', STRINGS.weighted(error, oct.record.test.rows.length));
  ctx.text('kermany', STRINGS.kermany(oct.record.meta.reference?.weightedError));
  const triage = triageCounts(oct.confusion, OCT_CLASSES);
  fillMatrix(ctx.root, 'triage', TRIAGE_NAMES, triage);
  const ratio = ctx.state.ratio;
  ctx.text('ratio-out', STRINGS.ratio(ratio));
  const j = cxr.judging;
  const shipped = cxrCost(j, cxr.record.meta.threshold.value, ratio);
  const chosen = cxrCost(j, costMinimisingThreshold(j.validation.scores, j.validation.isPositive, ratio, 1), ratio);
  ctx.text('shipped', STRINGS.cost(STRINGS.shippedRule, shipped.threshold, shipped.fn, shipped.fp, shipped.cost * 100));
  ctx.text('chosen', STRINGS.cost(STRINGS.validationRule, chosen.threshold, chosen.fn, chosen.fp, chosen.cost * 100));
  ctx.chrome.set('ready', STRINGS.ready);
  return { weightedError: error, confusion: oct.confusion, triage, ratio, shipped, chosen };
}
