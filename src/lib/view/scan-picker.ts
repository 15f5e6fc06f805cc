/**
 * Behaviour for ScanPicker.astro's markup: a gallery <select> (grouped by dataset and class) plus "use your own
 * image" (file input and drag-and-drop). The chosen gallery scan is kept in the URL (`?scan=`) so a projector demo
 * can be shared as a link. Errors are shown in the picker; the previous scan stays selected.
 */
import { scanCaption, type GalleryScan } from '../gallery';
import type { RawImage } from '../model/core/preprocess';
import { part } from './dom';
import { bindWindowControl, type WindowControl } from './dicom-window';
import { IMAGE_ACCEPT, decodeImageFile, loadGallery, loadScan } from './image-source';
import { currentParams, updateParams } from './url-state';

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
  /** Removes the picker's listeners when aborted (the widget was disposed). */
  signal?: AbortSignal;
}

/** A choice about to load; `note` is shown under the picker once it is delivered (say, a DICOM's frames). */
type Pending = Omit<ScanSelection, 'image'> & { image: Promise<RawImage>; note?: string };
type Choose = (load: () => Promise<Pending>) => Promise<void>;

/**
 * "Use your own image": the file input and drag-and-drop onto the widget. A grey DICOM brings up the window control;
 * each window the reader sets is a new choice (its own id, so widgets that cache by id compute again).
 */
function bindFiles(
  root: HTMLElement,
  file: HTMLInputElement,
  options: ScanPickerOptions,
  choose: Choose,
  windows: WindowControl,
): void {
  const fromFile = (picked: File): Promise<void> =>
    choose(async () => {
      const decoded = await decodeImageFile(picked, picked.name);
      const id = `file:${picked.name}`;
      const caption = `Your image "${picked.name}": it stays in this browser; nothing is uploaded.`;
      const note = decoded.notes.join(' ');
      windows.show(decoded.dicom, (image, { center, width }) => {
        const windowed = { id: `${id}@${center},${width}`, scan: null, caption, note, image: Promise.resolve(image) };
        void choose(() => Promise.resolve(windowed));
      });
      return { id, scan: null, caption, note, image: Promise.resolve(decoded.image) };
    });
  const listen = { signal: options.signal };
  file.accept = IMAGE_ACCEPT;
  file.addEventListener(
    'change',
    () => {
      const picked = file.files?.[0];
      if (picked) void fromFile(picked);
    },
    listen,
  );
  const target = options.dropTarget ?? root;
  target.addEventListener('dragover', (event) => event.preventDefault(), listen);
  target.addEventListener(
    'drop',
    (event) => {
      event.preventDefault();
      const dropped = (event as DragEvent).dataTransfer?.files[0];
      if (dropped) void fromFile(dropped);
    },
    listen,
  );
}

export async function bindScanPicker(root: HTMLElement, options: ScanPickerOptions): Promise<void> {
  const select = part<HTMLSelectElement>(root, 'scan-select', 'scan picker');
  const message = part<HTMLElement>(root, 'scan-message', 'scan picker');
  const say = (text: string): void => {
    message.textContent = text;
  };
  // Images load at their own pace: only the latest choice is delivered, so a slow earlier one never lands last.
  let latest = 0;
  const choose: Choose = async (load) => {
    const ticket = ++latest;
    try {
      const { image, note, ...rest } = await load();
      const selection = { ...rest, image: await image };
      if (ticket !== latest) return;
      showOwnImage(select, selection.scan === null ? fileName(selection.id) : null);
      options.onSelect(selection);
      say(note ?? '');
    } catch (error) {
      if (ticket === latest) say(error instanceof Error ? error.message : String(error));
    }
  };
  const windows = bindWindowControl(root, say, options.signal);
  bindFiles(root, part<HTMLInputElement>(root, 'scan-file', 'scan picker'), options, choose, windows);
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
    windows.show(null);
    return choose(async () => ({ id: scan.id, scan, caption: scanCaption(scan), image: loadScan(scan) }));
  };
  select.addEventListener(
    'change',
    () => {
      updateParams((params) => params.set('scan', select.value));
      void fromGallery(select.value);
    },
    { signal: options.signal },
  );
  await fromGallery(currentParams().get('scan') ?? '');
}

const OWN = 'data-own-image';

/** The file name in a reader's image id (`file:name`, `file:name@centre,width` for a windowed DICOM). */
const fileName = (id: string): string => id.replace(/^file:/, '').replace(/@[^@]*$/, '');

/**
 * The reader's own image shows in the picker as a disabled "Your image" entry (and the page's link stops naming a
 * gallery scan: an image can never be part of a link); a gallery scan removes the entry again.
 */
function showOwnImage(select: HTMLSelectElement, name: string | null): void {
  select.querySelector(`option[${OWN}]`)?.remove();
  if (name === null) return;
  const option = new Option(`Your image: ${name}`, '', true, true);
  option.setAttribute(OWN, '');
  option.disabled = true;
  select.prepend(option);
  select.value = '';
  updateParams((params) => params.delete('scan'));
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
