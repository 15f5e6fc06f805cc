/**
 * Patient-disjoint validation split of the TRAIN folder. The official test split never enters here: it is only
 * ever scored, so no choice (epochs, model, threshold) can be fitted to it.
 */
import { createRng, shuffleInPlace } from '../core/rng';

export interface Splittable {
  patientId: string;
  label: string;
}

export interface SplitResult<T> {
  train: T[];
  validation: T[];
}

/**
 * Holds out about `fraction` of the patients of each class (a patient's class is its most frequent label), so
 * every class appears in validation and no patient is on both sides.
 */
export function splitByPatient<T extends Splittable>(
  items: readonly T[],
  fraction: number,
  seed: number,
): SplitResult<T> {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`Validation fraction must be between 0 and 1, got ${fraction}.`);
  const patients = new Map<string, T[]>();
  for (const item of items) {
    const list = patients.get(item.patientId) ?? [];
    list.push(item);
    patients.set(item.patientId, list);
  }
  const byClass = new Map<string, string[]>();
  for (const [patient, list] of [...patients].sort(([a], [b]) => a.localeCompare(b))) {
    const label = majorityLabel(list);
    byClass.set(label, [...(byClass.get(label) ?? []), patient]);
  }
  const rng = createRng(seed);
  const held = new Set<string>();
  for (const label of [...byClass.keys()].sort()) {
    const ids = shuffleInPlace([...(byClass.get(label) ?? [])], rng);
    const count = ids.length < 2 ? 0 : Math.max(1, Math.round(ids.length * fraction));
    for (const id of ids.slice(0, count)) held.add(id);
  }
  return {
    train: items.filter((item) => !held.has(item.patientId)),
    validation: items.filter((item) => held.has(item.patientId)),
  };
}

function majorityLabel(items: readonly Splittable[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}
