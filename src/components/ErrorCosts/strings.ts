/** Every user-visible string of the error-cost explorer's script. */
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const STRINGS = {
  loading: 'Loading the test scores…',
  weighted: (value: number, n: number): string => `${value.toFixed(3)} per scan (${whole.format(n)} test scans)`,
  kermany: (value: number | undefined): string =>
    value === undefined ? '' : `Kermany et al. report ${value.toFixed(3)} for their model on 1,000 test scans.`,
  ratio: (k: number): string => `${whole.format(k)} false alarm${k === 1 ? '' : 's'}`,
  cost: (name: string, threshold: number, fn: number, fp: number, per100: number): string =>
    `${name} (threshold ${threshold === Number.POSITIVE_INFINITY ? 'above every score' : threshold.toFixed(3)}): ` +
    `${whole.format(fn)} missed, ${whole.format(fp)} false alarms; cost ${per100.toFixed(1)} per 100 films.`,
  shippedRule: 'The shipped rule',
  validationRule: 'The cheapest threshold on validation, applied to test',
  penaltyLabel: (truth: string, called: string): string => `Penalty when a ${truth} scan is called ${called}`,
  ready: 'Change a penalty or the cost of a missed pneumonia.',
} as const;
