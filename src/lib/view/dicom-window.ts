/**
 * The scan picker's DICOM window control: centre and width, filled from the file's header (or the data's range
 * when it names none), changed by the reader, reset to the file's own. Each change re-windows the values the file
 * was read into (no second read) and hands the new pixels on; a window that cannot be applied is said in words.
 */
import type { DicomGrey, DicomWindow } from '../dicom';
import type { RawImage } from '../model/core/preprocess';
import { part } from './dom';

const format = (value: number): string => String(Math.round(value * 100) / 100);

type Apply = (image: RawImage, window: DicomWindow) => void;

export interface WindowControl {
  /** Shows the control for a grey DICOM (hides it for anything else); `apply` receives each re-windowed image. */
  show(dicom: DicomGrey | null, apply?: Apply): void;
}

export function bindWindowControl(root: HTMLElement, say: (text: string) => void, signal?: AbortSignal): WindowControl {
  const box = part<HTMLFieldSetElement>(root, 'scan-window', 'scan picker');
  const center = part<HTMLInputElement>(root, 'window-center', 'scan picker');
  const width = part<HTMLInputElement>(root, 'window-width', 'scan picker');
  const reset = part<HTMLButtonElement>(root, 'window-reset', 'scan picker');
  let current: { dicom: DicomGrey; apply: Apply } | null = null;
  const fill = (dicom: DicomGrey): void => {
    center.value = format(dicom.window.center);
    width.value = format(dicom.window.width);
  };
  const applyInputs = async (): Promise<void> => {
    const shown = current;
    if (!shown) return;
    const window = { center: Number(center.value), width: Number(width.value) };
    if (!center.value || !width.value || !Number.isFinite(window.center) || !(window.width >= 1)) {
      say('The window needs a centre and a width of at least 1.');
      return;
    }
    // Already loaded: the file was read with it (and the picker's bundle stays free of the DICOM parser).
    const { windowGrey } = await import('../dicom');
    if (current === shown) shown.apply(windowGrey(shown.dicom, window), window);
  };
  const onChange = (): void => void applyInputs();
  const listen = { signal };
  center.addEventListener('change', onChange, listen);
  width.addEventListener('change', onChange, listen);
  reset.addEventListener(
    'click',
    () => {
      if (!current) return;
      fill(current.dicom);
      onChange();
    },
    listen,
  );
  return {
    show(dicom, apply) {
      current = dicom && apply ? { dicom, apply } : null;
      box.hidden = !current;
      if (dicom) fill(dicom);
      reset.textContent = dicom?.headerWindow ? 'The file’s window' : 'Whole range';
    },
  };
}
