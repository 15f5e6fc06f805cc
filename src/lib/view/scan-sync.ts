/**
 * Keeps the scan pickers of one page on the same gallery scan: when the reader picks a scan in one widget, the
 * others that offer it switch too (as if the reader had picked it there), so figures that compare views of "the
 * same scan" stay in step. Files the reader opens stay in the widget they were opened in.
 */
const EVENT = 'lightbox:scan-chosen';

interface ScanChosen {
  id: string;
  source: HTMLElement;
}

/** Call once per picker (the element holding ScanPicker.astro's markup), before or after bindScanPicker. */
export function shareScanChoice(picker: HTMLElement, signal?: AbortSignal): void {
  const select = picker.querySelector<HTMLSelectElement>('select[data-role="scan-select"]');
  if (!select) return;
  let applying = false;
  select.addEventListener(
    'change',
    () => {
      if (applying || !select.value) return;
      window.dispatchEvent(new CustomEvent<ScanChosen>(EVENT, { detail: { id: select.value, source: picker } }));
    },
    { signal },
  );
  window.addEventListener(
    EVENT,
    (event) => {
      const { id, source } = (event as CustomEvent<ScanChosen>).detail;
      if (source === picker || select.disabled || select.value === id) return;
      if (![...select.options].some((option) => option.value === id)) return;
      applying = true;
      select.value = id;
      select.dispatchEvent(new Event('change'));
      applying = false;
    },
    { signal },
  );
}
