/** Every user-visible string of the mistakes figure's script. */
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const STRINGS = {
  loading: 'Loading TensorFlow.js…',
  checking: (done: number, total: number): string => `Running the model on gallery scan ${done} of ${total}…`,
  mapping: (done: number, total: number): string => `Drawing where it looked: mistake ${done} of ${total}…`,
  summary: (wrong: number, total: number, title: string): string =>
    `The ${title} model gets ${wrong} of the gallery’s ${total} test scans wrong. Red marks evidence for the class it wrongly called, blue evidence against; each map is scaled to its own largest value, given under it.`,
  none: (total: number): string => `The model gets all ${total} gallery scans right: there is no mistake to show.`,
  caption: (id: string, truth: string, called: string, p: number, limit: string): string =>
    `${id}: ${truth.toLowerCase()}, called ${called.toLowerCase()} (${percent.format(p)}); map up to ±${limit}.`,
  aria: (id: string, truth: string, called: string): string =>
    `${id}, a ${truth.toLowerCase()} scan the model called ${called.toLowerCase()}, with the map of where the evidence for ${called.toLowerCase()} lies`,
  ready: (wrong: number, ms: number, backend: string): string =>
    `${wrong} mistakes mapped in ${Math.round(ms).toLocaleString()} ms on ${backend}.`,
  credit: 'Scans: Kermany et al. 2018, Cell 172(5):1122; data: Mendeley Data doi:10.17632/rscbjbr9sj.2, CC BY 4.0.',
} as const;
