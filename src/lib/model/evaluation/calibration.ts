/**
 * Is a softmax output a probability? Reliability bins and the expected calibration error (ECE, Guo et al. 2017:
 * top-label confidence against accuracy in equal-width bins), the Brier score, and temperature scaling — one number
 * T dividing the logits, fitted by likelihood on VALIDATION scores only, then applied unchanged to test.
 */
import { argmax } from './metrics';

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  /** Mean top-label confidence of the bin's images, and the fraction of them classified correctly. */
  confidence: number;
  accuracy: number;
}

/** Equal-width bins of top-label confidence ([0, 1/B), …, [1 − 1/B, 1], the last closed). Empty bins have count 0. */
export function reliabilityBins(
  probabilities: readonly (readonly number[])[],
  truth: readonly number[],
  bins = 10,
): ReliabilityBin[] {
  if (probabilities.length !== truth.length) throw new Error('probabilities and truth differ in length');
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, correct: 0 }));
  probabilities.forEach((p, i) => {
    const top = argmax(p);
    const confidence = p[top] as number;
    const bin = sums[Math.min(bins - 1, Math.floor(confidence * bins))] as (typeof sums)[number];
    bin.count++;
    bin.confidence += confidence;
    if (top === truth[i]) bin.correct++;
  });
  return sums.map((s, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    count: s.count,
    confidence: s.count ? s.confidence / s.count : Number.NaN,
    accuracy: s.count ? s.correct / s.count : Number.NaN,
  }));
}

/** ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const n = bins.reduce((sum, b) => sum + b.count, 0);
  if (n === 0) return Number.NaN;
  return bins.reduce((sum, b) => (b.count ? sum + (b.count / n) * Math.abs(b.accuracy - b.confidence) : sum), 0);
}

/** Brier score, (1/n) Σ_i Σ_k (p_ik − y_ik)²; for two classes this is twice the (p − y)² of the positive class. */
export function brierScore(probabilities: readonly (readonly number[])[], truth: readonly number[]): number {
  if (probabilities.length === 0) return Number.NaN;
  const total = probabilities.reduce(
    (sum, p, i) => sum + p.reduce((s, pk, k) => s + (pk - (k === truth[i] ? 1 : 0)) ** 2, 0),
    0,
  );
  return total / probabilities.length;
}

/**
 * The shipped files hold probabilities rounded to 1e-5, so a 0 may be anything below 5e-6: log-probabilities (the
 * logits up to a constant, which softmax ignores) are taken after flooring at that.
 */
const FLOOR = 5e-6;

/** softmax(log p / T): the probabilities after temperature scaling. */
export function withTemperature(probabilities: readonly number[], temperature: number): number[] {
  const logits = probabilities.map((p) => Math.log(Math.max(FLOOR, p)) / temperature);
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Mean negative log-likelihood of the true classes at temperature T. */
export function meanNll(
  probabilities: readonly (readonly number[])[],
  truth: readonly number[],
  temperature: number,
): number {
  const total = probabilities.reduce((sum, p, i) => {
    const q = withTemperature(p, temperature)[truth[i] as number] as number;
    return sum - Math.log(Math.max(1e-12, q));
  }, 0);
  return total / probabilities.length;
}

/**
 * The temperature that minimises validation NLL: golden-section search on log T in [log 0.05, log 20] (NLL is
 * unimodal in T for a fixed set of logits). It takes the validation scores and nothing else.
 */
export function fitTemperature(validation: {
  probabilities: readonly (readonly number[])[];
  truth: readonly number[];
}): {
  temperature: number;
  nllBefore: number;
  nllAfter: number;
} {
  if (validation.probabilities.length === 0) throw new Error('Temperature scaling needs validation scores.');
  const f = (logT: number): number => meanNll(validation.probabilities, validation.truth, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.05);
  let b = Math.log(20);
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 60 && b - a > 1e-6; i++) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  const temperature = Math.exp((a + b) / 2);
  return { temperature, nllBefore: f(0), nllAfter: f(Math.log(temperature)) };
}

export interface CalibrationSummary {
  bins: ReliabilityBin[];
  ece: number;
  brier: number;
  nll: number;
}

function calibrationSummary(
  probabilities: readonly (readonly number[])[],
  truth: readonly number[],
  bins = 10,
): CalibrationSummary {
  const reliability = reliabilityBins(probabilities, truth, bins);
  return {
    bins: reliability,
    ece: expectedCalibrationError(reliability),
    brier: brierScore(probabilities, truth),
    nll: meanNll(probabilities, truth, 1),
  };
}

/**
 * Temperature scaling done honestly: T fitted on the validation scores, then the test scores judged before and
 * after. The test rows are read only after T is fixed.
 */
export function temperatureScaled(
  validation: { probabilities: readonly (readonly number[])[]; truth: readonly number[] },
  test: { probabilities: readonly (readonly number[])[]; truth: readonly number[] },
  bins = 10,
): { temperature: number; before: CalibrationSummary; after: CalibrationSummary } {
  const { temperature } = fitTemperature(validation);
  const scaled = test.probabilities.map((p) => withTemperature(p, temperature));
  return {
    temperature,
    before: calibrationSummary(test.probabilities, test.truth, bins),
    after: calibrationSummary(scaled, test.truth, bins),
  };
}
