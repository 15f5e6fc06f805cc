/**
 * Behaviour for ScanPicker.astro's markup: a gallery <select> (grouped by dataset and class) plus "use your own
 * image" (file input and drag-and-drop). The chosen gallery scan is kept in the URL (`?scan=`) so a projector demo
 * can be shared as a link. Errors are shown in the picker; the previous scan stays selected.
 */
import { scanCaption, type GalleryScan } from '../gallery';
import type { RawImage } from '../model/core/preprocess';
import { decodeBlob, loadGallery, loadScan } from './image-source';

export interface ScanSelection {
  id: string;
  image: RawImage;
  caption: string;
  scan: GalleryScan | null;
}

export interface ScanPickerOptions {
  /** Only scans of this dataset (e.g. an OCT-only widget). */
  dataset?: 'cxr' | 'oct';
  onSelect: (selection: ScanSelection) => void;
  /** Element that accepts dropped files (defaults to the picker). */
  dropTarget?: HTMLElement;
}

function part<T extends HTMLElement>(root: HTMLElement, role: string): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new Error(`ScanPicker markup lacks data-role="${role}".`);
  return element;
}

export async function bindScanPicker(root: HTMLElement, options: ScanPickerOptions): Promise<void> {
  const select = part<HTMLSelectElement>(root, 'scan-select');
  const file = part<HTMLInputElement>(root, 'scan-file');
  const message = part<HTMLElement>(root, 'scan-message');
  const say = (text: string): void => {
    message.textContent = text;
  };
  const choose = async (
    load: () => Promise<Omit<ScanSelection, 'image'> & { image: Promise<RawImage> }>,
  ): Promise<void> => {
    try {
      const { image, ...rest } = await load();
      options.onSelect({ ...rest, image: await image });
      say('');
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    }
  };
  const fromFile = (picked: File): Promise<void> =>
    choose(async () => ({
      id: `file:${picked.name}`,
      scan: null,
      image: decodeBlob(picked, picked.name),
      caption: `Your image "${picked.name}": it stays in this browser; nothing is uploaded.`,
    }));
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (picked) void fromFile(picked);
  });
  const target = options.dropTarget ?? root;
  target.addEventListener('dragover', (event) => event.preventDefault());
  target.addEventListener('drop', (event) => {
    event.preventDefault();
    const dropped = event.dataTransfer?.files[0];
    if (dropped) void fromFile(dropped);
  });

  let scans: GalleryScan[];
  try {
    scans = (await loadGallery()).scans.filter((s) => !options.dataset || s.dataset === options.dataset);
  } catch (error) {
    select.replaceChildren(new Option('No gallery installed', ''));
    select.disabled = true;
    say(`${error instanceof Error ? error.message : String(error)} Use your own image instead.`);
    return;
  }
  fillSelect(select, scans);
  const fromGallery = (id: string): Promise<void> => {
    const scan = scans.find((s) => s.id === id) ?? scans[0];
    if (!scan) return Promise.resolve();
    select.value = scan.id;
    return choose(async () => ({ id: scan.id, scan, caption: scanCaption(scan), image: loadScan(scan) }));
  };
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('scan', select.value);
    history.replaceState(history.state, '', url);
    void fromGallery(select.value);
  });
  await fromGallery(new URLSearchParams(location.search).get('scan') ?? '');
}

function fillSelect(select: HTMLSelectElement, scans: readonly GalleryScan[]): void {
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const scan of scans) {
    const name = `${scan.dataset === 'cxr' ? 'Chest X-ray' : 'OCT'}: ${scan.group.replace('/', ', ').toLowerCase()}`;
    let group = groups.get(name);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = name;
      groups.set(name, group);
    }
    group.append(new Option(scan.id, scan.id));
  }
  select.replaceChildren(...groups.values());
  select.disabled = false;
}
