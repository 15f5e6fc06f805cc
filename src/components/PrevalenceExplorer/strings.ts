/** Every user-visible string of the prevalence explorer's script. */
import type { Estimate } from '../../lib/model/evaluation/metrics';

const pct = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

const percent = (x: number): string => `${pct.format(x * 100)} %`;
export const range = (e: Estimate): string =>
  `${percent(e.value)} (${pct.format(e.low * 100)}–${pct.format(e.high * 100)})`;

export const STRINGS = {
  loading: 'Loading the test scores…',
  prevalence: (p: number, top: number): string =>
    p >= top - 1e-9 ? `${percent(p)} (the test set’s own balance)` : percent(p),
  operating: (sens: string, spec: string, threshold: number): string =>
    `At the shipped threshold (${threshold}), on the test split: sensitivity ${sens}, specificity ${spec}.`,
  per1000: (found: number, missed: number, alarms: number, cleared: number): string =>
    `Of 1,000 people tested: ${whole.format(found)} sick found, ${whole.format(missed)} sick missed, ` +
    `${whole.format(alarms)} well people alarmed, ${whole.format(cleared)} well people cleared.`,
  positivesTrue: (ppv: number): string =>
    `Of every 100 positive calls, about ${whole.format(ppv * 100)} are truly ${'sick'}.`,
  chartLabel: (task: string, p: number, ppv: number): string =>
    `PPV of the ${task} head against prevalence, on a log scale from 1 % to the test set’s balance; at ${percent(p)} it is ${percent(ppv)}.`,
  ready: 'Move the prevalence: sensitivity and specificity stay, the predictive values do not.',
} as const;
