/** ImageNet's 1000 labels (shipped beside the v1 backbone as imagenet_labels.json) and top-k readout. */

export class LabelsFormatError extends Error {}

export function parseImagenetLabels(json: unknown): string[] {
  const labels = (json as { labels?: unknown } | null)?.labels;
  if (!Array.isArray(labels) || labels.length !== 1000 || !labels.every((l) => typeof l === 'string')) {
    throw new LabelsFormatError('imagenet_labels.json must hold {"labels": [1000 class names]}.');
  }
  return labels as string[];
}

export interface Ranked {
  index: number;
  label: string;
  probability: number;
}

/** The k most probable classes, highest first (ties keep the lower index first). */
export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k: number): Ranked[] {
  return Array.from(probabilities, (probability, index) => ({
    index,
    probability,
    label: labels[index] ?? `class ${index}`,
  }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}
