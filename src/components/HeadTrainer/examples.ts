/**
 * The reader's examples per task, as the widget holds them: features (what trains), a small grey preview (what the
 * reader sees) and where each came from. Pure state, no DOM, so the Node tests can drive it.
 */
import type { GalleryScan } from '../../lib/gallery';
import type { ReaderExample } from '../../lib/model/training/retrain';

export interface HeldExample extends ReaderExample {
  name: string;
  /** Gallery scan id, or null for the reader's own file. */
  scanId: string | null;
  preview: { width: number; height: number; values: Float32Array };
}

export class ExampleSet {
  private readonly items: HeldExample[] = [];
  private counter = 0;

  get all(): readonly HeldExample[] {
    return this.items;
  }

  ofClass(classIndex: number): HeldExample[] {
    return this.items.filter((e) => e.classIndex === classIndex);
  }

  nextKey(name: string): string {
    this.counter += 1;
    return `${name}#${this.counter}`;
  }

  add(example: HeldExample): void {
    this.items.push(example);
  }

  remove(key: string): boolean {
    const index = this.items.findIndex((e) => e.key === key);
    if (index >= 0) this.items.splice(index, 1);
    return index >= 0;
  }

  /** The next `n` gallery scans of a class not yet among the examples, in gallery order. */
  unusedScans(scans: readonly GalleryScan[], n: number): GalleryScan[] {
    const used = new Set(this.items.map((e) => e.scanId));
    return scans.filter((s) => !used.has(s.id)).slice(0, n);
  }
}
