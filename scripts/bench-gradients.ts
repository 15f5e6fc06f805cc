/**
 * Seconds per fine-tuning step (forward + backward + Adam) of MobileNet v1 0.25's top two blocks plus a new 4-way
 * head, at 224 px, batch 16: on wasm without the kernels of src/lib/model/training/wasm-gradients.ts (it cannot run), with
 * only the missing gradient kernels, with the fast-path wrappers too, and on the cpu backend. Then the wrappers'
 * kernels before/after on wasm, and peak RSS. Figures only, no assertions.
 * `npm run bench:gradients -- [--batch 16] [--size 224] [--steps 5] [--cpu-steps 2] [--no-cpu] [--all-layers]`
 */
import type * as tfc from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { loadBackbone, truncate } from '../src/lib/model/core/backbone';
import { loadRuntime, type Tf } from '../src/lib/model/core/runtime';
import { registerWasmGradients } from '../src/lib/model/training/wasm-gradients';
import { fileLoader } from '../src/node/model-files';
import { backboneModelJson } from '../src/node/paths';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '16' },
    size: { type: 'string', default: '224' },
    steps: { type: 'string', default: '5' },
    'cpu-steps': { type: 'string', default: '2' },
    'no-cpu': { type: 'boolean', default: false },
    'all-layers': { type: 'boolean', default: false },
  },
});
const BATCH = Number(values.batch);
const SIZE = Number(values.size);
const MODEL_JSON = backboneModelJson('mobilenet_v1_0.25_224');
const CUT = 'conv_pw_11_relu'; // frozen below; conv_dw_12 … conv_pw_13_relu are fine-tuned
const LAST = 'conv_pw_13_relu';
const CLASSES = 4;

/** The kernel's high-water mark of this process's resident memory (a JS sampler would not run during wasm work). */
const peakRss = (): number => Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Milliseconds of this process's CPU time (user + system): steadier than wall time on a busy machine. */
const cpuMs = (since?: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

interface Trainer {
  /** One step: [wall, CPU] ms of the frozen forward, then [wall, CPU] of the trainable part (fwd + bwd + Adam). */
  step(): [number, number, number, number];
  dispose(): void;
}

/** Frozen backbone to CUT, then the top layers applied one by one (a chain), global average pool, a dense head. */
function trainer(tf: Tf, model: tfc.LayersModel, allLayers: boolean): Trainer {
  const names = model.layers.map((l) => l.name);
  const firstTrainable = allLayers ? 1 : names.indexOf(CUT) + 1;
  const frozen = allLayers ? null : truncate(tf, model, CUT);
  const top = model.layers.slice(firstTrainable, names.indexOf(LAST) + 1);
  const head = tf.layers.dense({ units: CLASSES, activation: 'linear', kernelInitializer: 'glorotUniform' });
  const channels = (top.at(-1)?.outputShape as number[] | undefined)?.at(-1) ?? 0;
  tf.tidy(() => head.apply(tf.zeros([1, channels])) as tfc.Tensor); // builds the head's weights
  const variables = [...top, head].flatMap((l) => l.trainableWeights.map((w) => w.read() as tfc.Variable));
  const optimizer = tf.train.adam(1e-4);
  const x = tf.randomUniform([BATCH, SIZE, SIZE, 3], -1, 1, 'float32', 1);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: BATCH }, (_, i) => i % CLASSES),
      'int32',
    ),
    CLASSES,
  );
  const loss = (features: tfc.Tensor): tfc.Scalar => {
    // BN in inference mode (frozen statistics), as usual when fine-tuning; gamma and beta still train.
    const out = top.reduce((t, layer) => layer.apply(t, { training: false }) as tfc.Tensor, features);
    return tf.losses.softmaxCrossEntropy(y, head.apply(tf.mean(out, [1, 2])) as tfc.Tensor) as tfc.Scalar;
  };
  return {
    step: () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const features = frozen ? tf.tidy(() => frozen.predict(x) as tfc.Tensor) : x;
      features.dataSync();
      const [t1, c1] = [performance.now(), process.cpuUsage()];
      const cost = optimizer.minimize(() => loss(features), true, variables);
      cost?.dataSync();
      cost?.dispose();
      if (features !== x) features.dispose();
      return [t1 - t0, cpuMs(c0) - cpuMs(c1), performance.now() - t1, cpuMs(c1)];
    },
    dispose: () => {
      tf.dispose([x, y]);
      optimizer.dispose();
      head.dispose();
    },
  };
}

/** Warm-up step, then `steps` timed ones; prints mean (min) seconds per step and the split. */
function timeSteps(tf: Tf, model: tfc.LayersModel, label: string, steps: number, allLayers = false): number {
  const t = trainer(tf, model, allLayers);
  try {
    t.step();
    const tensors = tf.memory().numTensors;
    const runs = Array.from({ length: steps }, () => t.step());
    const mean = (i: number): number => runs.reduce((a, run) => a + (run[i] as number), 0) / steps / 1000;
    const walls = runs.map(([a, , b]) => (a + (b as number)) / 1000);
    const [wall, cpu] = [mean(0) + mean(2), mean(1) + mean(3)];
    say(
      `${label}: ${wall.toFixed(2)} s/step wall (min ${Math.min(...walls).toFixed(2)}), ${cpu.toFixed(2)} s CPU ` +
        `(frozen forward ${mean(1).toFixed(2)}, trainable part ${mean(3).toFixed(2)}); ${steps} steps; tensors ` +
        `${tf.memory().numTensors === tensors ? 'stable' : `${tensors} → ${tf.memory().numTensors}`}; peak RSS so far ${mib(peakRss())}`,
    );
    return cpu;
  } finally {
    t.dispose();
  }
}

/** Median CPU milliseconds of f over n runs after a warm-up (wasm runs kernels synchronously). */
function median(tf: Tf, f: () => tfc.Tensor, n = 9): number {
  const times: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const c0 = process.cpuUsage();
    const r = tf.tidy(f);
    if (i > 0) times.push(cpuMs(c0));
    r.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

interface Micro {
  label: string;
  run: () => tfc.Tensor;
}

/** Seeded random inputs for the micro-benchmarks, shaped as in fine-tuning and in the head trainer. */
function microInputs(tf: Tf) {
  const r = (shape: number[]): tfc.Tensor => tf.randomNormal(shape, 0, 1, 'float32', 2);
  return {
    dy13: r([BATCH, 7, 7, 256]),
    w13: r([1, 1, 256, 256]),
    dyMid: r([BATCH, 28, 28, 64]),
    wMid: r([3, 3, 64, 64]),
    acts: r([784, 256]),
    grads: r([784, 256]),
    dyDense: r([BATCH, 1000]),
    wDense: r([256, 1000]),
    xDense: r([BATCH, 256]),
    a3: r([8, 64, 128]),
    b3: r([8, 128, 32]),
    bias: r([32]),
    table: r([256, 12544]),
    feats: r([8000, 256]),
    act: r([BATCH, 112, 112, 16]),
    channel: r([16]),
    variance: tf.randomUniform([16], 0.5, 2, 'float32', 3),
    six: tf.scalar(6),
    ids16: tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i * 13),
      'int32',
    ),
    ids512: tf.tensor1d(
      Array.from({ length: 512 }, (_, i) => (i * 37) % 8000),
      'int32',
    ),
  };
}

/** The kernels the wrappers replace, on shapes from fine-tuning and from the head trainer. */
function micros(tf: Tf): { cases: Micro[]; dispose: () => void } {
  const t = microInputs(tf);
  const backpropInput = (dy: tfc.Tensor, w: tfc.Tensor): tfc.Tensor =>
    tf.conv2dTranspose(
      dy as tfc.Tensor4D,
      w as tfc.Tensor4D,
      [BATCH, dy.shape[1] as number, dy.shape[2] as number, w.shape[2] as number],
      1,
      'same',
    );
  const cases: Micro[] = [
    { label: `Conv2DBackpropInput, conv_pw_13 (1×1, ${BATCH}×7×7×256)`, run: () => backpropInput(t.dy13, t.w13) },
    { label: `Conv2DBackpropInput, 3×3 ${BATCH}×28×28×64→64`, run: () => backpropInput(t.dyMid, t.wMid) },
    { label: 'matMul Aᵀ·B 784×256 (a 1×1 conv dW)', run: () => tf.matMul(t.acts, t.grads, true, false) },
    {
      label: `matMul dy·Wᵀ ${BATCH}×1000 · (256×1000)ᵀ (dense dX)`,
      run: () => tf.matMul(t.dyDense, t.wDense, false, true),
    },
    {
      label: `matMul xᵀ·dy (${BATCH}×256)ᵀ · ${BATCH}×1000 (dense dW)`,
      run: () => tf.matMul(t.xDense, t.dyDense, true, false),
    },
    {
      label: 'fused matMul + bias, batched 8×64×128 · 8×128×32 (native: wrong bias)',
      run: () => tf.fused.matMul({ a: t.a3, b: t.b3, bias: t.bias }),
    },
    { label: 'gather 16 rows of 256×12544', run: () => tf.gather(t.table, t.ids16) },
    { label: "gather 512 rows of 8000×256 (a head's batch)", run: () => tf.gather(t.feats, t.ids512) },
    { label: 'gather 512 columns of 256×12544', run: () => tf.gather(t.table, t.ids512, 1) },
    {
      label: `tile [1,1,1,16] → ${BATCH}×112×112×16 (batch-norm gradient)`,
      run: () => tf.tile(tf.reshape(t.channel, [1, 1, 1, 16]), [BATCH, 112, 112, 1]),
    },
    {
      label: `batchNorm ${BATCH}×112×112×16 (inference)`,
      run: () => tf.batchNorm(t.act, t.channel, t.variance, t.channel, t.variance, 1e-3),
    },
    {
      label: `not wrapped: minimum(x, 6) on ${BATCH}×112×112×16 (tfjs-layers' relu6)`,
      run: () => tf.minimum(t.act, t.six),
    },
    { label: 'not wrapped: relu6 kernel on the same tensor, for scale', run: () => tf.relu6(t.act) },
  ];
  return { cases, dispose: () => tf.dispose(Object.values(t)) };
}

function runMicros(tf: Tf): Map<string, { ms: number; values: Float32Array }> {
  const { cases, dispose } = micros(tf);
  const out = new Map<string, { ms: number; values: Float32Array }>();
  for (const c of cases) {
    const result = tf.tidy(() => c.run().dataSync() as Float32Array);
    out.set(c.label, { ms: median(tf, c.run), values: result });
  }
  dispose();
  return out;
}

function printMicros(
  before: Map<string, { ms: number; values: Float32Array }>,
  after: Map<string, { ms: number; values: Float32Array }>,
): void {
  say('\nwasm kernels the wrappers replace (median CPU ms, before → after; max |Δ| between the two):');
  for (const [label, b] of before) {
    const a = after.get(label);
    if (!a) continue;
    const diff = b.values.reduce((m, v, i) => Math.max(m, Math.abs(v - (a.values[i] as number))), 0);
    say(
      `  ${label}: ${b.ms.toFixed(2)} → ${a.ms.toFixed(2)} ms (${(b.ms / a.ms).toFixed(1)}x; |Δ| ${diff.toExponential(1)})`,
    );
  }
}

/** Swaps wasm kernels to the given configs (the originals or the wrappers). */
function useKernels(tf: Tf, configs: tfc.KernelConfig[]): void {
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

/** Step timings: without kernels, with the gradient kernels, with the fast paths; returns the wrapped originals. */
interface StepResults {
  originals: tfc.KernelConfig[];
  wrapped: tfc.KernelConfig[];
  slow: number;
  fast: number;
}

function stepTimings(tf: Tf, model: tfc.LayersModel): StepResults {
  try {
    timeSteps(tf, model, 'wasm, no extra kernels', 1);
  } catch (error) {
    say(`wasm, no extra kernels: cannot run: ${error instanceof Error ? error.message : String(error)}`);
  }
  say(`registered: ${registerWasmGradients(tf, { fastPaths: false }).join(', ')}`);
  const steps = Number(values.steps);
  const slow = timeSteps(tf, model, 'wasm + gradient kernels', steps);
  const before = new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k]));
  const names = registerWasmGradients(tf);
  say(`registered: ${names.join(', ')}`);
  const fast = timeSteps(tf, model, 'wasm + gradient kernels + fast paths', steps);
  say(`fast paths: ${(slow / fast).toFixed(1)}x less CPU per step`);
  if (values['all-layers']) timeSteps(tf, model, 'wasm, all 27 conv layers and their batch norms trainable', 2, true);
  return {
    originals: names.flatMap((name) => before.get(name) ?? []),
    wrapped: names.map((name) => tf.getKernel(name, 'wasm')),
    slow,
    fast,
  };
}

async function main(): Promise<void> {
  // Not nodeRuntime(): it registers the kernels, and the first measurement is of wasm without them.
  const { tf, backend } = await loadRuntime({ allowed: ['wasm', 'cpu'], preferred: 'wasm' });
  if (backend !== 'wasm') throw new Error(`wasm did not start (got ${backend})`);
  const model = await loadBackbone(tf, fileLoader(MODEL_JSON));
  say(
    `MobileNet v1 0.25, fine-tuning conv_dw_12 … conv_pw_13_bn + a ${CLASSES}-way dense head, ` +
      `${SIZE} px, batch ${BATCH}, Adam; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}; ` +
      'CPU time is the steadier figure on a busy machine',
  );
  const { originals, wrapped, slow, fast } = stepTimings(tf, model);
  if (!values['no-cpu']) {
    await tf.setBackend('cpu');
    const cpu = timeSteps(tf, model, 'cpu backend', Number(values['cpu-steps']));
    say(
      `cpu / wasm, CPU time per step: ${(cpu / fast).toFixed(0)}x (${(cpu / slow).toFixed(0)}x without the fast paths)`,
    );
    await tf.setBackend('wasm');
  }
  useKernels(tf, originals);
  const before = runMicros(tf);
  useKernels(tf, wrapped);
  printMicros(before, runMicros(tf));
  model.dispose();
}

try {
  await main();
} finally {
  say(`\npeak RSS of the whole run, micro-benchmarks included: ${mib(peakRss())}`);
}
