/** Every user-visible string of the limited-data experiment's script. */
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const pct = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const STRINGS = {
  loading: 'Loading the precomputed features…',
  ready: (train: number, test: number): string =>
    `${whole.format(train)} training and ${whole.format(test)} test feature vectors loaded. Press Run to train 45 heads.`,
  running: (done: number, total: number): string => `${whole.format(done)} of ${whole.format(total)} heads trained…`,
  done: (runs: number, seconds: number, backend: string): string =>
    `${whole.format(runs)} heads trained and scored in ${seconds.toFixed(1)} s on ${backend}.`,
  cancelled: (done: number): string => `Cancelled after ${whole.format(done)} heads; press Run to start again.`,
  size: (perClass: number | null): string => (perClass === null ? 'all' : whole.format(perClass)),
  value: (measure: 'accuracy' | 'auc', v: number): string =>
    measure === 'accuracy' ? `${pct.format(v * 100)} %` : v.toFixed(3),
  shipped: 'Shipped head (all films, its own training)',
  kermany: 'Kermany et al., all films',
  chartLabel: (measure: string, sizes: number): string =>
    `Test ${measure} against training films per class, ${whole.format(sizes)} sizes, mean and standard deviation over the seeds.`,
  axisX: 'Training films (both classes, log scale)',
} as const;
