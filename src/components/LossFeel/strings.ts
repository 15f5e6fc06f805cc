/** Every user-visible string of the loss widget's script (static markup: LossFeel.astro). */
const num = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3, minimumFractionDigits: 3 });

const CLASS_NAMES = ['normal', 'pneumonia'] as const;

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  probability: (p: number): string => `p(pneumonia) = ${num.format(p)}, p(normal) = ${num.format(1 - p)}`,
  loss: (label: number, py: number, loss: number): string =>
    `L = −log p(${CLASS_NAMES[label]}) = −log ${num.format(py)} = ${num.format(loss)}`,
  gradient: (k: number, p: number, y: number, g: number): string =>
    `∂L/∂s(${CLASS_NAMES[k]}) = p − y = ${num.format(p)} − ${y} = ${num.format(g)}`,
  ready: (loss: number, backend: string): string => `Loss ${num.format(loss)}; gradient by tf.grad on ${backend}.`,
  chartLabel: 'The loss −log p of the true class against p, with the current prediction marked.',
} as const;
