/**
 * The explanation explorer's work, over the library: the model to explain (shipped head or the reader's own), the
 * scan's call, a map for the current settings (occlusion keeps both score spaces), deletion/insertion for the current
 * map beside a random map's, and the cascading sanity check of the current method.
 */
import type * as tfc from '@tensorflow/tfjs';
import type { Classifier } from '../../lib/model/core/classifier';
import { grayToInputTensor } from '../../lib/model/core/preprocess';
import type { Tf } from '../../lib/model/core/runtime';
import { deletionInsertion, randomMap } from '../../lib/model/explain/faithfulness';
import { scoreOfLogits, type Cancellable, type ExplanationMap } from '../../lib/model/explain/maps';
import { DEFAULT_SETTINGS, explain, type Explanation, type ExplainSettings } from '../../lib/model/explain/methods';
import { occlusion, type OcclusionResult } from '../../lib/model/explain/occlusion';
import { sanityCheck } from '../../lib/model/explain/sanity';
import { camLayers, explainableOf, Scorer, type Explainable } from '../../lib/model/explain/scorer';
import type { ReaderHeadInfo } from '../../lib/model/training/retrain';
import { loadReaderHead } from '../../lib/view/saved-head';
import type { FaithRow, SanityView } from './render';
import type { ExplainState } from './state';
import { STRINGS } from './strings';

/** Randomisation steps of the sanity check after the head: the top three blocks. */
const SANITY_BLOCKS = 3;

export interface Subject {
  scorer: Scorer;
  explainable: Explainable;
  layers: string[];
  own: { head: tfc.LayersModel; info: ReaderHeadInfo } | null;
}

/** The model to explain: the reader's saved head on the shipped backbone when asked for and saved, else the shipped one. */
export async function subjectOf(
  tf: Tf,
  classifier: Classifier,
  wantOwn: boolean,
): Promise<{ subject: Subject; note: string }> {
  let own: Subject['own'] = null;
  let note = '';
  if (wantOwn) {
    try {
      own = await loadReaderHead(tf, classifier.meta);
      note = own ? STRINGS.ownUsed(own.info.examplesPerClass.reduce((a, b) => a + b, 0)) : STRINGS.ownMissing;
    } catch (error) {
      note = error instanceof Error ? error.message : String(error);
    }
  }
  const explainable = explainableOf(
    tf,
    classifier,
    own ? { model: own.head, pooling: own.info.feature.pooling } : undefined,
  );
  return { subject: { scorer: new Scorer(explainable), explainable, layers: camLayers(explainable), own }, note };
}

/** Class probabilities of the scan under the subject's head. */
export async function callOf(scorer: Scorer, gray: Float32Array): Promise<number[]> {
  const input = grayToInputTensor(scorer.tf, gray, scorer.model.meta.input);
  const logits = scorer.logits(input);
  input.dispose();
  const row = (await logits.data()) as Float32Array;
  logits.dispose();
  return Array.from({ length: scorer.classes }, (_, k) => scoreOfLogits(row, k, 'probability'));
}

export function settingsOf(state: ExplainState, target: number): ExplainSettings {
  return {
    ...DEFAULT_SETTINGS,
    target,
    space: state.space,
    window: state.window,
    stride: state.stride,
    fill: state.fill,
    layer: state.layer || null,
    steps: state.steps,
  };
}

export interface Computed {
  explanation: Explanation;
  /** Occlusion's full result (both spaces), so switching space redraws without recomputing. */
  occlusion: OcclusionResult | null;
}

export async function computeMap(
  subject: Subject,
  gray: Float32Array,
  state: ExplainState,
  settings: ExplainSettings,
  run: Cancellable & { onOcclusion?: (partial: OcclusionResult) => void },
): Promise<Computed> {
  if (state.method !== 'occlusion') {
    return { explanation: await explain(subject.scorer, gray, state.method, settings, run), occlusion: null };
  }
  const result = await occlusion(subject.scorer, gray, { ...settings, ...run, onProgress: run.onOcclusion });
  return { explanation: occlusionView(result, state), occlusion: result };
}

export function occlusionView(result: OcclusionResult, state: ExplainState): Explanation {
  const { base, boxes, done, total } = result;
  return { method: 'occlusion', map: result.maps[state.space], detail: { occlusion: { base, boxes, done, total } } };
}

/** Deletion and insertion of the current map, and of a random map once per scan and class. */
export async function faithfulness(
  subject: Subject,
  gray: Float32Array,
  map: ExplanationMap,
  target: number,
  withRandom: boolean,
  run: Cancellable,
): Promise<{ map: FaithRow; random: FaithRow | null }> {
  const curves = await deletionInsertion(subject.scorer, gray, map, { target, ...run });
  const random = withRandom
    ? await deletionInsertion(subject.scorer, gray, randomMap(subject.scorer.inputSize), { target, ...run })
    : null;
  const row = (name: string, c: typeof curves): FaithRow => ({
    name,
    deletionAuc: c.deletionAuc,
    insertionAuc: c.insertionAuc,
  });
  return { map: row('', curves), random: random && row(STRINGS.randomRow, random) };
}

/** The current method on the trained model and after each randomisation step (occlusion at a stride of one window). */
export async function sanity(
  subject: Subject,
  gray: Float32Array,
  state: ExplainState,
  settings: ExplainSettings,
  run: Cancellable & { onStep: (index: number, total: number, label: string) => void },
): Promise<SanityView> {
  const quick = { ...settings, stride: settings.window };
  const maker = async (scorer: Scorer): Promise<ExplanationMap> =>
    (await explain(scorer, gray, state.method, quick, run)).map;
  const steps = await sanityCheck(
    subject.explainable,
    { [state.method]: maker },
    {
      ...run,
      blocks: SANITY_BLOCKS,
      onStep: (step, index, total) => run.onStep(index + 1, total, step.label),
    },
  );
  return {
    method: state.method,
    steps: steps.map((s) => ({
      label: s.label,
      correlation: s.correlations[state.method] ?? 0,
      map: s.maps[state.method]!,
    })),
  };
}
