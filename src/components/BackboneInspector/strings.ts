/** Every user-visible string of the backbone inspector's script (the static markup is in BackboneInspector.astro). */
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const formatCount = (n: number): string => whole.format(n);

export const STRINGS = {
  loading: (title: string): string => `Loading TensorFlow.js and ${title}…`,
  loadingRuntime: 'Loading TensorFlow.js…',
  running: 'Running the network…',
  chooseImage: 'Choose your own image to see what ImageNet makes of it.',
  inputShape: (size: number): string => `${whole.format(size)} × ${whole.format(size)}`,
  guess: (label: string, probability: number): string => `${label} — ${percent.format(probability)}`,
  noGuess: '—',
  ready: (label: string, backend: string, ms: number): string =>
    `Top guess: ${label} (${backend}, ${whole.format(ms)} ms).`,
  afterReset: (reason: string, backend: string): string => `${reason}; the network now runs on ${backend}.`,
  shape: (cells: readonly string[]): string => `[${cells.join(', ')}]`,
} as const;
