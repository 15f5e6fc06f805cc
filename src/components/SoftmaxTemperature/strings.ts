/** Every piece of text the softmax widget writes at run time (the static labels are in SoftmaxTemperature.astro). */
const fixed = (digits: number) =>
  new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const two = fixed(2);
const three = fixed(3);
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** A number with a true minus sign; one that rounds to zero prints without a sign. */
function signed(format: Intl.NumberFormat, v: number): string {
  const text = format.format(v);
  return /^-0[.,]?0*$/.test(text) ? text.slice(1) : text.replace('-', '−');
}

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  computing: 'Computing…',
  ready: (top: string, p: string, backend: string) =>
    `Top class ${top} at ${p}, computed with tf.softmax on ${backend}.`,
  className: (name: string) => (name.length <= 3 ? name : name.charAt(0) + name.slice(1).toLowerCase()),
  score: (v: number) => signed(two, v),
  scaled: (v: number) => signed(two, v),
  exp: (v: number) => signed(three, v),
  probability: (v: number) => three.format(v),
  percent: (v: number) => percent.format(v),
  sum: (v: number) => three.format(v),
  loss: (truth: string, p: number, loss: number) =>
    `If the scan really shows ${truth}, the penalty is −log p = −log ${three.format(p)} = ${three.format(loss)}.`,
  plotLabel: (parts: string) => `Probabilities from the softmax: ${parts}.`,
  plotX: 'probability',
};
