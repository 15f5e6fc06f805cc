/** Every user-visible string of the backprop step-through's script (static markup: BackpropStepper.astro). */
const num = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });
const sci = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-3 ? v.toExponential(2) : num.format(v));

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  chooseImage: 'Choose a chest X-ray or your own image, then pick an 8 × 8 crop on it.',
  ready: (step: number, total: number, name: string): string => `Step ${step + 1} of ${total}: ${name}.`,
  loss: (loss: number, p: number, label: string): string =>
    `Loss L = −log p(${label}) = −log ${num.format(p)} = ${num.format(loss)}.`,
  crop: (row: number, col: number): string =>
    `Crop at rows ${row + 1}–${row + 8}, columns ${col + 1}–${col + 8} of the 224 × 224 input. Arrow keys move it (Shift: by 8).`,
  cell: (name: string, cell: string): string => `${name}, cell ${cell}`,
  detail: (
    value: number,
    local: string | null,
    localValue: number | null,
    upstream: number | null,
    product: number | null,
    accumulated: number | null,
  ): string =>
    [
      `value ${sci(value)}`,
      local !== null && localValue !== null ? `local derivative: ${local} (${sci(localValue)})` : null,
      upstream !== null ? `gradient arriving from after it: ${sci(upstream)}` : null,
      product !== null ? `chain-rule product: ${sci(product)}` : null,
      accumulated !== null ? `accumulated ∂L/∂(this cell): ${sci(accumulated)}` : null,
    ]
      .filter(Boolean)
      .join(' · '),
  noDetail: 'Forward step: each cell shows its value. Step on to the backward pass to see gradients.',
  checking: 'Checking every gradient against tf.grads and finite differences…',
  checked: (tfError: number, fdError: number, kinks: number, backend: string): string =>
    `All 30 gradients: largest |by hand − tf.grads| on ${backend} = ${sci(tfError)}; largest relative difference from the finite difference = ${sci(fdError)}` +
    (kinks
      ? `; ${kinks} weight(s) sit on a kink (a ReLU input or pooling tie at exactly the switch), where the one-sided slopes differ and no finite difference is defined.`
      : '.'),
  updated: (lr: number, before: number, after: number): string =>
    `One step w ← w − ${num.format(lr)} · ∂L/∂w: loss ${num.format(before)} → ${num.format(after)}${after < before ? ' (lower)' : ' (higher: the step overshot)'}.`,
  format: sci,
} as const;
