/**
 * Gathering the reader's examples: training films from the gallery or the reader's own files (picked, or dropped on
 * a class column), each read once through the backbone into a feature vector and a small preview. The reading loop
 * pauses while the widget is offscreen and stops once its render is abandoned.
 */
import { scanCaption } from '../../lib/gallery';
import { preprocessGray } from '../../lib/model/core/preprocess';
import { pooledFeature } from '../../lib/model/training/retrain';
import { decodeBlob, loadScan } from '../../lib/view/image-source';
import type { WidgetContext } from '../../lib/view/widget';
import type { ExampleSet } from './examples';
import type { LoopControl } from './scans';
import { GALLERY_STEP, type ImageSource, type TaskView } from './state';
import { STRINGS } from './strings';

/** Side of the grey thumbnail kept per example. */
const PREVIEW_SIZE = 64;

/** The next gallery films of a class not yet among the examples, with their credits; null when none is left. */
export function gallerySources(
  view: TaskView,
  examples: ExampleSet,
  classIndex: number,
): { sources: ImageSource[]; credit: string } | null {
  const scans = examples.unusedScans(view.training[classIndex] ?? [], GALLERY_STEP);
  if (scans.length === 0) return null;
  return {
    sources: scans.map((scan) => ({ name: scan.id, scanId: scan.id, image: () => loadScan(scan) })),
    credit: scans.map(scanCaption).join('\n'),
  };
}

export function fileSources(files: readonly File[]): ImageSource[] {
  return files.map((file) => ({ name: file.name, scanId: null, image: () => decodeBlob(file, file.name) }));
}

export interface GatherControl extends LoopControl {
  say(text: string): void;
  /** The class's examples changed (one more thumbnail). */
  changed(classIndex: number): void;
}

/** Reads each source through the backbone into the class's examples; a file that fails is skipped and named. */
export async function addImages(
  view: TaskView,
  examples: ExampleSet,
  classIndex: number,
  sources: readonly ImageSource[],
  control: GatherControl,
): Promise<{ added: number; message: string }> {
  const skipped: string[] = [];
  let added = 0;
  for (const [i, source] of sources.entries()) {
    await control.whenVisible();
    if (control.signal.aborted) break;
    control.progress(i / sources.length);
    control.say(STRINGS.embedding(i + 1, sources.length));
    try {
      const image = await source.image();
      const feature = await pooledFeature(view.classifier, image);
      if (control.signal.aborted) break;
      examples.add({
        key: examples.nextKey(source.name),
        classIndex,
        feature,
        name: source.name,
        scanId: source.scanId,
        preview: { width: PREVIEW_SIZE, height: PREVIEW_SIZE, values: preprocessGray(image, PREVIEW_SIZE) },
      });
      added++;
    } catch (error) {
      skipped.push(error instanceof Error ? error.message : String(error));
    }
    control.changed(classIndex);
  }
  return { added, message: STRINGS.added(added, view.task.classes[classIndex] ?? '', skipped) };
}

/** Files dropped on a class column join that class. */
export function bindDrop(
  ctx: Pick<WidgetContext<unknown, unknown>, 'root' | 'listen'>,
  onFiles: (classIndex: number, files: File[]) => void,
): void {
  const columnOf = (event: Event): HTMLElement | null =>
    (event.target as Element | null)?.closest<HTMLElement>('.ht-class') ?? null;
  ctx.listen(ctx.root, 'dragover', (event) => {
    const column = columnOf(event);
    if (!column) return;
    event.preventDefault();
    column.dataset.drop = 'on';
  });
  ctx.listen(ctx.root, 'dragleave', (event) => {
    const column = columnOf(event);
    if (column) delete column.dataset.drop;
  });
  ctx.listen(ctx.root, 'drop', (event) => {
    const column = columnOf(event);
    if (!column) return;
    event.preventDefault();
    delete column.dataset.drop;
    const files = [...((event as DragEvent).dataTransfer?.files ?? [])];
    if (files.length) onFiles(Number(column.dataset.class), files);
  });
}
