/**
 * Receptive fields computed from a model's own kernels, strides, dilations and padding (Araujo, Norris & Sim,
 * Distill 2019): for every layer, how many input pixels one output cell sees (`size`), how far apart in input
 * pixels neighbouring output cells are (`jump`), and where the first cell's field is centred (`start`, in input
 * pixel coordinates: pixel i spans [i − ½, i + ½]). Rows and columns are computed separately.
 *
 * Recurrence, per axis, for a layer with kernel k, stride s, dilation d and left/top padding p:
 *   k' = d(k − 1) + 1,  size ← size + (k' − 1)·jump,  start ← start + ((k' − 1)/2 − p)·jump,  jump ← jump·s.
 * TensorFlow's 'same' padding pads (out − 1)·s + k' − n in total, the smaller half before: p = ⌊total / 2⌋.
 */
import type * as tfc from '@tensorflow/tfjs';

type Pair = [number, number];

/** One layer's geometry, read from its config (see stepsOf), or written by hand in tests. */
export interface RfStep {
  name: string;
  /** window: convolution or pooling; pad: explicit zero padding; global: sees its whole input; through: no change. */
  kind: 'input' | 'window' | 'pad' | 'global' | 'through';
  kernel: Pair;
  stride: Pair;
  dilation: Pair;
  padding: 'same' | 'valid';
  /** ZeroPadding2D: [top, left] pixels added before. */
  padBefore: Pair;
  /** Rows and columns of this layer's input (null when not spatial). */
  inputSize: [number | null, number | null];
  /** Names of the layers feeding this one. */
  inbound: string[];
}

export interface ReceptiveField {
  name: string;
  size: Pair;
  jump: Pair;
  start: Pair;
}

export class ReceptiveFieldError extends Error {}

const AXES = [0, 1] as const;

function leftPad(step: RfStep, axis: 0 | 1): number {
  if (step.kind === 'pad') return step.padBefore[axis];
  if (step.padding === 'valid') return 0;
  const n = step.inputSize[axis];
  if (n === null) throw new ReceptiveFieldError(`Layer ${step.name} pads 'same' but its input size is unknown.`);
  const k = step.dilation[axis] * (step.kernel[axis] - 1) + 1;
  const s = step.stride[axis];
  const out = Math.ceil(n / s);
  return Math.floor(Math.max((out - 1) * s + k - n, 0) / 2);
}

/** The field after one layer, given the field of its input. */
function nextField(step: RfStep, before: ReceptiveField): ReceptiveField {
  if (step.kind === 'through' || step.kind === 'input') return { ...before, name: step.name };
  if (step.kind === 'global') {
    const whole = AXES.map((a) => before.size[a] + ((step.inputSize[a] ?? 1) - 1) * before.jump[a]) as Pair;
    const centre = AXES.map((a) => before.start[a] + (((step.inputSize[a] ?? 1) - 1) / 2) * before.jump[a]) as Pair;
    return {
      name: step.name,
      size: whole,
      start: centre,
      jump: AXES.map((a) => before.jump[a] * (step.inputSize[a] ?? 1)) as Pair,
    };
  }
  const field: ReceptiveField = { name: step.name, size: [0, 0], jump: [0, 0], start: [0, 0] };
  for (const a of AXES) {
    const k = step.kind === 'pad' ? 1 : step.dilation[a] * (step.kernel[a] - 1) + 1;
    const s = step.kind === 'pad' ? 1 : step.stride[a];
    field.size[a] = before.size[a] + (k - 1) * before.jump[a];
    field.start[a] = before.start[a] + ((k - 1) / 2 - leftPad(step, a)) * before.jump[a];
    field.jump[a] = before.jump[a] * s;
  }
  return field;
}

/**
 * Every layer's receptive field, walking the steps in order (each step's inputs come before it, as in a Keras
 * model's layer list). Where branches merge (Add, Concatenate), the widest incoming field is kept.
 */
export function receptiveFields(steps: readonly RfStep[]): Map<string, ReceptiveField> {
  const fields = new Map<string, ReceptiveField>();
  const unit: ReceptiveField = { name: '', size: [1, 1], jump: [1, 1], start: [0, 0] };
  for (const step of steps) {
    const incoming = step.inbound.map((name) => {
      const field = fields.get(name);
      if (!field)
        throw new ReceptiveFieldError(`Layer ${step.name} reads ${name}, which comes later or does not exist.`);
      return field;
    });
    const widest = incoming.reduce<ReceptiveField | null>(
      (best, f) => (!best || f.size[0] * f.size[1] > best.size[0] * best.size[1] ? f : best),
      null,
    );
    fields.set(step.name, nextField(step, widest ?? unit));
  }
  return fields;
}

type LayerConfig = {
  kernelSize?: number | number[];
  poolSize?: number | number[];
  strides?: number | number[];
  dilationRate?: number | number[];
  padding?: string | number | number[] | number[][];
};

function pair(value: number | number[] | undefined, fallback: number): Pair {
  if (value === undefined || value === null) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? fallback, value[1] ?? value[0] ?? fallback];
}

const WINDOWED = /^(Conv2D|DepthwiseConv2D|SeparableConv2D|MaxPooling2D|AveragePooling2D)$/;
const GLOBAL = /^(Global(Average|Max)Pooling2D|Flatten)$/;
const UNSUPPORTED = /^(Conv2DTranspose|UpSampling2D|Cropping2D|Conv1D|Conv3D|MaxPooling1D|AveragePooling1D)$/;

function inputSizeOf(layer: tfc.layers.Layer): [number | null, number | null] {
  const shape = layer.inboundNodes[0]?.inputShapes;
  const first = (Array.isArray(shape?.[0]) ? shape[0] : shape) as (number | null)[] | undefined;
  return first && first.length === 4 ? [first[1] ?? null, first[2] ?? null] : [null, null];
}

function zeroPadBefore(padding: LayerConfig['padding']): Pair {
  if (typeof padding === 'number') return [padding, padding];
  if (!Array.isArray(padding)) return [0, 0];
  const [rows, cols] = padding as (number | number[])[];
  const before = (p: number | number[] | undefined): number => (Array.isArray(p) ? (p[0] ?? 0) : (p ?? 0));
  return [before(rows), before(cols)];
}

/** One step per layer of a loaded model, from each layer's class and config. Unsupported layers throw, naming the layer. */
export function stepsOf(model: tfc.LayersModel): RfStep[] {
  const known = new Set(model.layers.map((layer) => layer.name));
  return model.layers.map((layer) => {
    const type = layer.getClassName();
    if (UNSUPPORTED.test(type))
      throw new ReceptiveFieldError(`Layer ${layer.name} (${type}) is not supported by the receptive-field walk.`);
    const config = layer.getConfig() as LayerConfig;
    const kind: RfStep['kind'] =
      type === 'InputLayer'
        ? 'input'
        : WINDOWED.test(type)
          ? 'window'
          : type === 'ZeroPadding2D'
            ? 'pad'
            : GLOBAL.test(type)
              ? 'global'
              : 'through';
    const kernel = pair(config.kernelSize ?? config.poolSize, 1);
    return {
      name: layer.name,
      kind,
      kernel,
      stride: pair(config.strides, 1),
      dilation: pair(config.dilationRate, 1),
      padding: config.padding === 'same' ? 'same' : 'valid',
      padBefore: kind === 'pad' ? zeroPadBefore(config.padding) : [0, 0],
      inputSize: inputSizeOf(layer),
      // A Sequential model's implicit input layer is not in model.layers: its field is the unit one.
      inbound: (layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => l.name).filter((name) => known.has(name)),
    };
  });
}

/** Receptive fields of every layer of a loaded model. */
export function modelReceptiveFields(model: tfc.LayersModel): Map<string, ReceptiveField> {
  return receptiveFields(stepsOf(model));
}

/** The square of input pixels an output cell (row, col) sees: [top, left] of its first pixel and its size. */
export function fieldBox(
  field: ReceptiveField,
  row: number,
  col: number,
): { top: number; left: number; height: number; width: number } {
  const centreRow = field.start[0] + row * field.jump[0];
  const centreCol = field.start[1] + col * field.jump[1];
  return {
    top: centreRow - (field.size[0] - 1) / 2,
    left: centreCol - (field.size[1] - 1) / 2,
    height: field.size[0],
    width: field.size[1],
  };
}

/**
 * A receptive field on a scan of `inputSize` × `inputSize` pixels: the part of it that lies on the scan, as pixel
 * edges (pixel i covers [i, i + 1)), which sides go on beyond the scan (into the zero padding), the share of the
 * scan's area it covers, and whether it sees the whole scan. With 'same' padding a deep layer's field can be wider
 * than the scan and still miss part of it: a position near an edge has its field hang over that edge.
 */
export interface FieldOnScan {
  top: number;
  left: number;
  bottom: number;
  right: number;
  beyond: { top: boolean; left: boolean; bottom: boolean; right: boolean };
  share: number;
  whole: boolean;
}

export function fieldOnScan(field: ReceptiveField, row: number, col: number, inputSize: number): FieldOnScan {
  // fieldBox gives the field's first pixel; on the canvas that pixel's left (top) edge is the box's edge.
  const box = fieldBox(field, row, col);
  const top = Math.max(0, box.top);
  const left = Math.max(0, box.left);
  const bottom = Math.min(inputSize, box.top + box.height);
  const right = Math.min(inputSize, box.left + box.width);
  const share = (Math.max(0, bottom - top) * Math.max(0, right - left)) / (inputSize * inputSize);
  return {
    top,
    left,
    bottom,
    right,
    beyond: {
      top: box.top < 0,
      left: box.left < 0,
      bottom: bottom < box.top + box.height,
      right: right < box.left + box.width,
    },
    share,
    whole: top === 0 && left === 0 && bottom === inputSize && right === inputSize,
  };
}
