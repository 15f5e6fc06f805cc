/**
 * The figures the chapters quote about the shipped models are derived from the models: MobileNet v1 0.25's
 * architecture (Howard et al. 2017, Table 1 at width 0.25) and the heads' meta.json.
 */
import { expect, test } from 'vitest';
import { missing } from './needs-files';

const absent = missing('public/weights/backbones/mobilenet_v1_0.25_224/model.json', 'the model-figures test');

test.skipIf(absent)(
  'backbone figures come from the topology: features, map, receptive field, edge positions',
  async () => {
    const { modelFigures } = await import('../../src/lib/model-figures');
    const cxr = modelFigures.cxr.backbone;
    expect([cxr.featureChannels, cxr.mapSize, cxr.mapSizes]).toEqual([256, 7, [112, 56, 28, 14, 7]]);
    expect(cxr.field).toEqual({ size: 315, jump: 32 });
    // 'same' padding: the 315 px fields of most final positions hang over an edge; only the central 2 × 2 see it all.
    expect(cxr.wholeScanPositions).toBe(4);
    expect(cxr.smallestShare).toBeCloseTo(0.5, 1);
    expect(modelFigures.oct.backbone.featureChannels).toBe(1280);
    expect(modelFigures.cxr.linearParams).toBe(2 * 256 + 2);
    expect(modelFigures.cxr.totals.train).toBe(Object.values(modelFigures.cxr.counts.train).reduce((a, b) => a + b, 0));
  },
);

/**
 * No chapter types a figure about a shipped model into its prose: a number in an MDX file (outside imports and
 * expressions) that equals one of the model's figures fails, unless it is listed below with the reason it is not
 * a model figure. 224, the input size of both backbones, is part of their names and of the worked examples.
 */
const NOT_MODEL_FIGURES: Readonly<Record<string, string>> = {
  '224': 'input size, in the backbones’ names (mobilenet_…_224) and every worked example',
};

function figureSet(figures: Record<string, import('../../src/lib/model-figures').HeadFigures>, metas: unknown[]) {
  const set = new Map<string, string>();
  const add = (value: number, where: string) => {
    if (!Number.isFinite(value)) return;
    if (value > 0 && value < 1) {
      set.set((value * 100).toFixed(1), where);
      set.set(value.toFixed(3), where);
    } else if (Number.isInteger(value) && value >= 100) set.set(String(value), where);
  };
  /** Small integers (batch size, jump) are model figures only beside the word that names them. */
  const near = (value: number, word: string, where: string) => set.set(`${value}~${word}`, where);
  // Rates, intervals, AUCs and split sizes; not confusion cells or a rate's count and total, whose small whole
  // numbers would match ordinary numbers in the prose by chance.
  const SKIP = new Set(['reference', 'confusion', 'count', 'total']);
  const walk = (node: unknown, where: string): void => {
    if (typeof node === 'number') add(node, where);
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (!SKIP.has(k)) walk(v, `${where}.${k}`);
  };
  metas.forEach((meta, i) => {
    const m = meta as { metrics: unknown; data: unknown; training: { batchSize: number }; previous?: unknown };
    walk(m.metrics, `meta[${i}].metrics`);
    walk(m.data, `meta[${i}].data`);
    walk(m.previous ?? null, `meta[${i}].previous`);
    near(m.training.batchSize, 'batch', `meta[${i}].training.batchSize`);
  });
  for (const [task, f] of Object.entries(figures)) {
    for (const key of ['featureChannels', 'params'] as const) add(f.backbone[key], `${task}.backbone.${key}`);
    add(Math.round(f.backbone.params / 1000) * 1000, `${task}.backbone.params (rounded)`);
    add(f.backbone.field.size, `${task}.backbone.field.size`);
    near(f.backbone.field.jump, 'jump', `${task}.backbone.field.jump`);
    for (const key of ['params', 'linearParams'] as const) add(f[key], `${task}.${key}`);
    for (const split of ['train', 'validation', 'test'] as const) add(f.totals[split], `${task}.totals.${split}`);
  }
  return set;
}

test.skipIf(absent)('no chapter types a figure of a shipped model', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { modelFigures } = await import('../../src/lib/model-figures');
  const metas = ['cxr', 'cxr-pathogen', 'oct'].map((t) =>
    JSON.parse(readFileSync(`public/weights/heads/${t}/meta.json`, 'utf8')),
  );
  const figures = figureSet(modelFigures, metas);
  const typed: string[] = [];
  for (const file of readdirSync('content/chapters').filter((f) => f.endsWith('.mdx'))) {
    readFileSync(`content/chapters/${file}`, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(import|export) /.test(line)) return;
        // Expressions ({…}) are rendered from the model; inline math ($…$) holds worked examples, not claims.
        const prose = line
          .replace(/\$[^$]*\$/g, ' ')
          .replace(/\{[^{}]*\}/g, ' ')
          .replace(/<[^>]+>/g, ' ');
        for (const m of prose.matchAll(/(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|,\d{3})/g)) {
          const n = (m[1] ?? '').replace(/,/g, '');
          const context = prose.slice(Math.max(0, (m.index ?? 0) - 24), (m.index ?? 0) + 24).toLowerCase();
          const small = ['batch', 'jump'].map((word) =>
            context.includes(word) ? figures.get(`${n}~${word}`) : undefined,
          );
          const where = figures.get(n) ?? small.find((w) => w !== undefined);
          if (where && !NOT_MODEL_FIGURES[n]) typed.push(`${file}:${i + 1} "${m[1]}" is ${where}`);
        }
        if (/\b7 × 7\b/.test(prose)) typed.push(`${file}:${i + 1} "7 × 7" is the feature map's size`);
      });
  }
  expect(typed).toEqual([]);
});
