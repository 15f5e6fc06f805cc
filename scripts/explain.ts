/**
 * Explains one image with one method on a shipped model, as the chapter's widget does, and writes the map as PNG
 * (the scan in gray under the signed map, symmetric around zero) and JSON (settings, scores, range, values).
 * `npm run explain -- --task cxr --image F --method occlusion|gradcam|saliency|smoothgrad|ig [--target CLASS]
 *  [--space probability|logodds] [--window 20] [--stride 10] [--fill zero|grey|mean|blur] [--layer NAME]
 *  [--steps 32] [--samples 25] [--noise 0.15] [--out PREFIX]`
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { Classifier } from '../src/lib/model/core/classifier';
import { parseHeadMeta } from '../src/lib/model/core/meta';
import { preprocessGray } from '../src/lib/model/core/preprocess';
import { taskInfo } from '../src/lib/model/core/tasks';
import {
  explain,
  DEFAULT_SETTINGS,
  METHODS,
  type ExplainSettings,
  type Method,
} from '../src/lib/model/explain/methods';
import { FILLS, type Fill } from '../src/lib/model/explain/occlusion';
import { explainableOf, Scorer, SCORE_SPACES, type ScoreSpace } from '../src/lib/model/explain/scorer';
import { overlayRgba, symmetricLimit } from '../src/lib/view/heatmap';
import { decodeImage } from '../src/node/decode';
import { fileLoader } from '../src/node/model-files';
import { SITE_BACKBONES, SITE_HEADS } from '../src/node/paths';
import { nodeRuntime } from '../src/node/runtime';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'cxr' },
    image: { type: 'string' },
    method: { type: 'string', default: 'occlusion' },
    target: { type: 'string' },
    space: { type: 'string', default: DEFAULT_SETTINGS.space },
    window: { type: 'string', default: String(DEFAULT_SETTINGS.window) },
    stride: { type: 'string', default: String(DEFAULT_SETTINGS.stride) },
    fill: { type: 'string', default: DEFAULT_SETTINGS.fill },
    layer: { type: 'string' },
    steps: { type: 'string', default: String(DEFAULT_SETTINGS.steps) },
    samples: { type: 'string', default: String(DEFAULT_SETTINGS.samples) },
    noise: { type: 'string', default: String(DEFAULT_SETTINGS.noise) },
    out: { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const oneOf = <T extends string>(value: string, choices: readonly T[], what: string): T =>
  (choices as readonly string[]).includes(value)
    ? (value as T)
    : fail(`Unknown ${what} "${value}": ${choices.join(', ')}.`);

async function loadClassifier(task: string): Promise<Classifier> {
  const { tf } = await nodeRuntime();
  const dir = join(SITE_HEADS, task);
  const meta = parseHeadMeta(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
  return Classifier.load(tf, meta, {
    backbone: fileLoader(join(SITE_BACKBONES, meta.feature.backbone, 'model.json')),
    head: fileLoader(join(dir, 'model.json')),
    finetuned: meta.finetunedBackbone ? fileLoader(join(dir, meta.finetunedBackbone.path)) : undefined,
  });
}

/** The scan in gray with the map over it, as the widget draws them. */
async function writePng(
  path: string,
  gray: Float32Array,
  map: Float32Array,
  size: number,
  limit: number,
): Promise<void> {
  const rgb = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const [r, g, b, a] = overlayRgba(map[i] as number, limit, 0.75);
    const alpha = a / 255;
    const v = gray[i] as number;
    rgb.set(
      [r, g, b].map((c) => Math.round(v * (1 - alpha) + c * alpha)),
      i * 3,
    );
  }
  await sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toFile(path);
}

async function main(): Promise<void> {
  if (!values.image) fail('Give an image: --image FILE (see the usage at the top of scripts/explain.ts).');
  const task = taskInfo(values.task);
  const method = oneOf<Method>(values.method, METHODS, 'method');
  const classifier = await loadClassifier(task.id);
  const image = await decodeImage(await readFile(values.image), basename(values.image));
  const probabilities = await classifier.predict(image);
  const predicted = probabilities.indexOf(Math.max(...probabilities));
  const target = values.target === undefined ? predicted : task.classes.indexOf(values.target.toUpperCase());
  if (target < 0) fail(`Unknown class "${values.target}": ${task.classes.join(', ')}.`);
  const settings: ExplainSettings = {
    target,
    space: oneOf<ScoreSpace>(values.space, SCORE_SPACES, 'space'),
    window: Number(values.window),
    stride: Number(values.stride),
    fill: oneOf<Fill>(values.fill, FILLS, 'fill'),
    layer: values.layer ?? null,
    steps: Number(values.steps),
    samples: Number(values.samples),
    noise: Number(values.noise),
  };
  const size = classifier.meta.input.size;
  const gray = preprocessGray(image, size);
  const started = performance.now();
  const result = await explain(new Scorer(explainableOf((await nodeRuntime()).tf, classifier)), gray, method, settings);
  const ms = performance.now() - started;
  const limit = symmetricLimit(result.map.values);
  const out = values.out ?? `${basename(values.image).replace(/\.[^.]+$/, '')}-${task.id}-${method}`;
  await writePng(`${out}.png`, gray, result.map.values, size, limit);
  const json = {
    task: task.id,
    image: values.image,
    method,
    class: task.classes[target],
    settings,
    probabilities: Object.fromEntries(task.classes.map((c, i) => [c, probabilities[i]])),
    range: {
      min: Math.min(...result.map.values.filter(Number.isFinite)),
      max: Math.max(...result.map.values.filter(Number.isFinite)),
      limit,
    },
    detail: { ...result.detail, occlusion: result.detail.occlusion && { ...result.detail.occlusion } },
    ms,
    size,
    values: Array.from(result.map.values, (v) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null)),
  };
  await writeFile(`${out}.json`, `${JSON.stringify(json)}\n`);
  process.stdout.write(
    `${task.title}: ${task.classes.map((c, i) => `${c} ${((probabilities[i] ?? 0) * 100).toFixed(1)} %`).join(', ')}\n` +
      `${method} of ${task.classes[target]} (${settings.space}) in ${ms.toFixed(0)} ms; range ${json.range.min.toPrecision(3)} … ${json.range.max.toPrecision(3)}` +
      `${result.detail.completeness ? `; completeness Σ = ${result.detail.completeness.sum.toFixed(4)} vs f(x) − f(black) = ${result.detail.completeness.delta.toFixed(4)} (${(result.detail.completeness.error * 100).toFixed(1)} % off)` : ''}\n` +
      `wrote ${out}.png and ${out}.json\n`,
  );
  classifier.dispose();
}

await main();
