/** Every user-visible string of the sample-size explorer's script. */
const pct = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const STRINGS = {
  loading: 'Loading the test scores…',
  n: (n: number, total: number): string =>
    n >= total ? `${whole.format(n)} (the whole test split)` : `${whole.format(n)} of ${whole.format(total)}`,
  width: (name: string, width: number, fullWidth: number, n: number, total: number): string =>
    `${name}: the 95 % interval is ${pct.format(width * 100)} points wide with ${whole.format(n)} images, ` +
    `${pct.format(fullWidth * 100)} with all ${whole.format(total)}.`,
  aucWidth: (width: number, fullWidth: number): string =>
    `ROC AUC (DeLong): ${width.toFixed(3)} wide here, ${fullWidth.toFixed(3)} with every image.`,
  chartLabel: (n: number): string =>
    `95 % intervals of accuracy, sensitivity, specificity and AUC with ${whole.format(n)} test images (dark) and with the whole test split (light).`,
  ready: (n: number): string => `Judged on a seeded subsample of ${whole.format(n)} test images.`,
  metric: { accuracy: 'Accuracy', sensitivity: 'Sensitivity', specificity: 'Specificity', auc: 'ROC AUC' },
} as const;
