/**
 * The model-selection grid and its rule, fixed before any test number is looked at: every candidate is trained on
 * the training patients and judged on the held-out validation patients only.
 */
import type { FeatureSpec } from '../lib/model/core/features';
import type { HeadConfig } from '../lib/model/core/head';
import type { CandidateResult } from '../lib/model/core/meta';

export interface Candidate {
  name: string;
  feature: FeatureSpec;
  head: HeadConfig;
}

const V1 = 'mobilenet_v1_0.25_224';
const V2 = 'mobilenet_v2_0.35_224_notop';

export const CANDIDATES: readonly Candidate[] = [
  {
    name: 'v1-pw13-linear',
    feature: { backbone: V1, layer: 'conv_pw_13_relu', inputSize: 224, pooling: 'gap' },
    head: { kind: 'linear', hidden: 0, dropout: 0, l2: 1e-4 },
  },
  {
    name: 'v1-pw13-dense128',
    feature: { backbone: V1, layer: 'conv_pw_13_relu', inputSize: 224, pooling: 'gap' },
    head: { kind: 'dense', hidden: 128, dropout: 0.3, l2: 1e-4 },
  },
  {
    name: 'v1-pw11-linear',
    feature: { backbone: V1, layer: 'conv_pw_11_relu', inputSize: 224, pooling: 'gap' },
    head: { kind: 'linear', hidden: 0, dropout: 0, l2: 1e-4 },
  },
  {
    name: 'v1-pw13-conv64',
    feature: { backbone: V1, layer: 'conv_pw_13_relu', inputSize: 224, pooling: 'none' },
    head: { kind: 'conv', hidden: 64, dropout: 0.3, l2: 1e-4 },
  },
  {
    name: 'v2-out-linear',
    feature: { backbone: V2, layer: 'out_relu', inputSize: 224, pooling: 'gap' },
    head: { kind: 'linear', hidden: 0, dropout: 0, l2: 1e-4 },
  },
  {
    name: 'v2-out-dense128',
    feature: { backbone: V2, layer: 'out_relu', inputSize: 224, pooling: 'gap' },
    head: { kind: 'dense', hidden: 128, dropout: 0.3, l2: 1e-4 },
  },
];

export const SELECTION_RULE =
  'Lowest class-weighted cross-entropy on the validation patients (held out from the TRAIN folder); ' +
  'ties within 0.005 go to the head with fewer parameters. The official test split is never consulted.';

export function chooseCandidate(results: readonly CandidateResult[]): CandidateResult {
  const ranked = [...results].sort((a, b) => a.validationLoss - b.validationLoss);
  const best = ranked[0];
  if (!best) throw new Error('No candidate finished training.');
  const close = ranked.filter((r) => r.validationLoss - best.validationLoss <= 0.005);
  return close.sort((a, b) => a.headParams - b.headParams)[0] ?? best;
}

export function candidateNamed(name: string): Candidate {
  const found = CANDIDATES.find((c) => c.name === name);
  if (!found) throw new Error(`Unknown candidate "${name}". Candidates: ${CANDIDATES.map((c) => c.name).join(', ')}.`);
  return found;
}
