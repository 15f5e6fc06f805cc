/**
 * Presenter mode, once per page for every widget (WidgetShell.astro's markup): "Present" shows the widget alone,
 * full screen (the Fullscreen API where the browser has it, a fixed full-window layer otherwise), in large type on
 * a high-contrast theme; Page Down / N and Page Up / P step through the page's widgets, Esc leaves; the figure
 * downloads as PNG (and SVG for charts). Controls are found by delegation, so a widget's presenter bar works before
 * its network has loaded. Loaded with the widget elements (small, no tfjs).
 */
import { say } from './widget-share';

/** The figure exporter, loaded on first use (it is not needed until a reader presents or downloads). */
const exporter = (): Promise<typeof import('./figure-export')> => import('./figure-export');

const WIDGETS = '.widget';
/** Watches the presented widget's result. */
let results: MutationObserver | null = null;

function widgets(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(WIDGETS)];
}

function presenting(): HTMLElement | null {
  return document.querySelector<HTMLElement>(`${WIDGETS}[data-presenting]`);
}

function titleOf(widget: HTMLElement): string {
  return widget.querySelector('.widget__title')?.textContent?.trim() ?? 'figure';
}

function bar(widget: HTMLElement): HTMLElement | null {
  return widget.querySelector<HTMLElement>('[data-role="presenter-bar"]');
}

function setPressed(widget: HTMLElement, pressed: boolean): void {
  widget.querySelector('[data-role="present"]')?.setAttribute('aria-pressed', String(pressed));
}

function present(widget: HTMLElement): void {
  const current = presenting();
  if (current && current !== widget) leave(current);
  widget.dataset.presenting = '';
  document.documentElement.dataset.presenting = '';
  const tools = bar(widget);
  if (tools) tools.hidden = false;
  setPressed(widget, true);
  void refreshSvgButton(widget);
  // A figure still computing (the next widget only starts now) may turn out to be a chart.
  results?.disconnect();
  results = new MutationObserver(() => void refreshSvgButton(widget));
  results.observe(widget, { attributes: true, attributeFilter: ['data-result'] });
  widget.focus({ preventScroll: true });
  if (document.fullscreenEnabled && document.fullscreenElement !== widget) {
    // Focus again once full screen (moving it from one widget to another can drop focus on the way); if the reader
    // left or moved on while it was coming, follow them instead.
    widget
      .requestFullscreen()
      .then(() => {
        if (widget.hasAttribute('data-presenting')) widget.focus({ preventScroll: true });
        else if (document.fullscreenElement === widget && !presenting())
          document.exitFullscreen().catch(() => undefined);
      })
      .catch(() => undefined);
  }
  const all = widgets();
  say(widget, `Presenting figure ${all.indexOf(widget) + 1} of ${all.length}: ${titleOf(widget)}.`);
}

/** Ends presenting `widget` without leaving full screen (the next widget takes it over). */
function leave(widget: HTMLElement): void {
  results?.disconnect();
  results = null;
  delete widget.dataset.presenting;
  const tools = bar(widget);
  if (tools) tools.hidden = true;
  setPressed(widget, false);
}

/** Each figure stepped to went full screen on top of the last: leave them all. */
async function leaveFullscreen(): Promise<void> {
  while (document.fullscreenElement) await document.exitFullscreen();
}

function exit(): void {
  const widget = presenting();
  if (!widget) return;
  leave(widget);
  delete document.documentElement.dataset.presenting;
  // Back at the figure, focus on its "Present" button (again once full screen has gone: leaving it can drop focus).
  const restore = (): void => {
    widget.scrollIntoView({ block: 'start' });
    widget.querySelector<HTMLElement>('[data-role="present"]')?.focus({ preventScroll: true });
  };
  restore();
  if (document.fullscreenElement) leaveFullscreen().then(restore, () => undefined);
  say(widget, 'Presenter mode ended.');
}

function step(by: 1 | -1): void {
  const widget = presenting();
  if (!widget) return;
  const all = widgets();
  const next = all[all.indexOf(widget) + by];
  if (next) present(next);
  else say(widget, by > 0 ? 'This is the last figure of the page.' : 'This is the first figure of the page.');
}

/** The SVG button shows only when the figure is a chart. */
async function refreshSvgButton(widget: HTMLElement): Promise<void> {
  const button = widget.querySelector<HTMLButtonElement>('[data-role="download-svg"]');
  const { figureOf } = await exporter();
  if (button) button.hidden = !(figureOf(widget) instanceof SVGSVGElement);
}

async function downloadFigure(widget: HTMLElement, kind: 'png' | 'svg'): Promise<void> {
  if (!widget.hasAttribute('data-result')) {
    say(widget, 'The figure has not been drawn yet: wait for its result, then download it.');
    return;
  }
  const { download, figureOf, pngFile, svgFile, widgetPng } = await exporter();
  const figure = figureOf(widget);
  const name = `${widget.id || 'figure'}.${kind}`;
  try {
    if (kind === 'svg' && figure instanceof SVGSVGElement) {
      download(new Blob([svgFile(figure)], { type: 'image/svg+xml' }), name);
      say(widget, `Downloaded ${name}.`);
    } else {
      say(widget, `Drawing ${name}…`);
      const { blob, width, height } = figure ? await pngFile(figure) : await widgetPng(widget);
      download(blob, name);
      say(widget, `Downloaded ${name} (${width} × ${height} pixels).`);
    }
  } catch (error) {
    say(widget, `The figure could not be saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const ACTIONS: Record<string, (widget: HTMLElement) => void> = {
  present: (widget) => (widget.hasAttribute('data-presenting') ? exit() : present(widget)),
  'present-next': () => step(1),
  'present-previous': () => step(-1),
  'present-exit': () => exit(),
  'download-png': (widget) => void downloadFigure(widget, 'png'),
  'download-svg': (widget) => void downloadFigure(widget, 'svg'),
};

function onClick(event: Event): void {
  const button = (event.target as Element | null)?.closest?.<HTMLElement>('button[data-role]');
  const widget = button?.closest<HTMLElement>(WIDGETS);
  const action = button?.dataset.role ? ACTIONS[button.dataset.role] : undefined;
  if (button && widget && action) action(widget);
}

/** Keys a control uses itself (a slider's Page Up, typing an N) are left to it. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return (
    target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type)
  );
}

function onKey(event: KeyboardEvent): void {
  if (!presenting() || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Escape') exit();
  else if (ownsKeys(event.target)) return;
  else if (event.key === 'PageDown' || event.key === 'n' || event.key === 'N') step(1);
  else if (event.key === 'PageUp' || event.key === 'p' || event.key === 'P') step(-1);
  else return;
  event.preventDefault();
}

function onFullscreenChange(): void {
  // The browser left the presented widget's full screen (its own Esc): leave presenter mode with it.
  const widget = presenting();
  if (widget && document.fullscreenElement !== widget) exit();
}

let installed = false;

/** Shows the widget's "Present" button and, the first time, installs the page's presenter controls. */
export function attachPresenter(widget: HTMLElement): void {
  const button = widget.querySelector<HTMLButtonElement>('[data-role="present"]');
  if (button) button.hidden = false;
  if (installed) return;
  installed = true;
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  document.addEventListener('fullscreenchange', onFullscreenChange);
}
