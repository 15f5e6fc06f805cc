/** Every user-visible string of the calibration check's script. */
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const pct = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const STRINGS = {
  loading: 'Loading the test and validation scores…',
  temperature: (t: number, n: number): string =>
    `Temperature fitted on ${whole.format(n)} validation images: T = ${t.toFixed(3)} ` +
    `(${t < 1 ? 'below 1: it sharpens the probabilities' : 'above 1: it softens the probabilities'}).`,
  summary: (ece: number, brier: number, nll: number): [string, string, string] => [
    `${pct.format(ece * 100)} points`,
    brier.toFixed(4),
    nll.toFixed(3),
  ],
  chartLabel: (task: string, scaled: boolean, ece: number): string =>
    `Reliability diagram of the ${task} head on the test split${scaled ? ' after temperature scaling' : ''}: accuracy against confidence in ten bins; expected calibration error ${pct.format(ece * 100)} points.`,
  overconfident: (count: number, wrong: number): string =>
    `${whole.format(count)} test images get a confidence of 99 % or more; ${whole.format(wrong)} of them are wrong.`,
  ready: (scaled: boolean): string =>
    scaled ? 'Test probabilities after temperature scaling.' : 'Test probabilities as the model gives them.',
} as const;
