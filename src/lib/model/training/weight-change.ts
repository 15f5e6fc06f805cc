/** How far fine-tuning moved a layer: mean |Δw| / mean |w| of its kernel, against the weights it started from. */
export interface LayerChange {
  layer: string;
  /** mean |after − before| / mean |before|, over the layer's first weight (the kernel). */
  relative: number;
  parameters: number;
}

function relativeChange(before: Float32Array, after: Float32Array): number {
  if (before.length !== after.length || before.length === 0)
    throw new Error(`Weights of ${before.length} and ${after.length} values cannot be compared.`);
  let moved = 0;
  let size = 0;
  for (let i = 0; i < before.length; i++) {
    moved += Math.abs((after[i] as number) - (before[i] as number));
    size += Math.abs(before[i] as number);
  }
  return size === 0 ? Number.POSITIVE_INFINITY : moved / size;
}

/** One row per layer present in both maps (layer name → kernel values), in `after`'s order. */
export function layerChanges(
  before: ReadonlyMap<string, Float32Array>,
  after: ReadonlyMap<string, Float32Array>,
): LayerChange[] {
  return [...after].flatMap(([layer, values]) => {
    const start = before.get(layer);
    return start ? [{ layer, relative: relativeChange(start, values), parameters: values.length }] : [];
  });
}
