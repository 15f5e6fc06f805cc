/**
 * "Copy link" and `hide=`, for every widget (WidgetShell.astro's markup):
 * - the link is the page with only this widget's state (its URL keys, the gallery scan it shows, the controls the
 *   link hides) and a #fragment naming the widget, so it opens scrolled to the figure in that state; a reader's own
 *   image is never part of it, and the message says so;
 * - `hide=kernel,stride` hides the controls whose `data-role` is named (or the parts marked `data-hide-as="kernel"`;
 *   `scan` names the scan picker), each with its label, and says so in a note with a button that shows them again.
 */
import { updateParams } from './url-state';

const CONTROLS = 'input, select, textarea, button';
/** The shell's own controls (share, present, reset, …) are never hidden by a link. */
const SHELL = '.widget__bar, .widget__presenter, [data-role="hide-note"]';
/** A wrapper that would also hide part of the figure is too big. */
const FIGURE = 'canvas, svg, table, figure, img';

/** The names `hide=` asks for, in order, without repeats or empty entries. */
export function hideNames(params: URLSearchParams): string[] {
  const names = (params.get('hide') ?? '').split(',').map((name) => name.trim());
  return [...new Set(names.filter((name) => /^[\w.-]{1,40}$/.test(name)))];
}

/** The largest ancestor of `control` (inside `root`) holding no other control and no part of the figure. */
function wrapperOf(control: HTMLElement, role: string, root: HTMLElement): HTMLElement {
  let node = control;
  while (node.parentElement && node.parentElement !== root) {
    const parent = node.parentElement;
    const other = [...parent.querySelectorAll<HTMLElement>(CONTROLS)].some((c) => c.dataset.role !== role);
    if (other || parent.querySelector(FIGURE)) break;
    node = parent;
  }
  return node;
}

/**
 * What hiding `name` hides in `root`: parts the markup names for it (`data-hide-as="kernel"`; `scan` is the scan
 * picker), else the wrappers of the controls whose `data-role` is `name`, and their separate labels.
 */
export function hideTargets(root: HTMLElement, name: string): HTMLElement[] {
  if (name === 'scan') return [...root.querySelectorAll<HTMLElement>('[data-scan-picker]')];
  const named = [...root.querySelectorAll<HTMLElement>('[data-hide-as]')].filter((element) =>
    (element.dataset.hideAs ?? '').split(' ').includes(name),
  );
  if (named.length > 0) return named;
  const controls = [...root.querySelectorAll<HTMLElement>(CONTROLS)].filter(
    (control) => control.dataset.role === name && !control.closest(SHELL),
  );
  const targets = new Set<HTMLElement>();
  for (const control of controls) {
    const wrapper = wrapperOf(control, name, root);
    targets.add(wrapper);
    const label = [...root.querySelectorAll<HTMLElement>('label')].find(
      (l) => control.id !== '' && l.getAttribute('for') === control.id,
    );
    if (label && !wrapper.contains(label)) targets.add(label);
  }
  return [...targets];
}

/**
 * Hides what the page's `hide=` names in this widget (names it lacks are another widget's) and shows the note with
 * its "Show all controls" button. Returns the names it hid.
 */
export function applyHide(root: HTMLElement, params: URLSearchParams): string[] {
  const hidden: string[] = [];
  for (const name of hideNames(params)) {
    const targets = hideTargets(root, name);
    if (targets.length === 0) continue;
    targets.forEach((target) => {
      target.hidden = true;
      target.dataset.hiddenByLink = '';
    });
    hidden.push(name);
  }
  const note = root.querySelector<HTMLElement>('[data-role="hide-note"]');
  const text = root.querySelector<HTMLElement>('[data-role="hide-text"]');
  if (!note || !text || hidden.length === 0) return hidden;
  text.textContent = `This link hides some controls (${hidden.join(', ')}) to focus on one idea.`;
  note.hidden = false;
  root.dataset.hidden = hidden.join(',');
  root.querySelector('[data-role="unhide"]')?.addEventListener('click', () => showAll(root), { once: true });
  return hidden;
}

function showAll(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('[data-hidden-by-link]').forEach((target) => {
    target.hidden = false;
    delete target.dataset.hiddenByLink;
  });
  delete root.dataset.hidden;
  const note = root.querySelector<HTMLElement>('[data-role="hide-note"]');
  if (note) note.hidden = true;
  updateParams((params) => params.delete('hide'));
  say(root, 'All controls are shown.');
}

/** Announces `message` in the widget's tool status line (aria-live). */
export function say(root: HTMLElement, message: string): void {
  const status = root.querySelector('[data-role="tool-status"]');
  if (status) status.textContent = message;
}

export interface ShareState {
  /** Writes the widget's state into `params` (its StateSpec's write). */
  write(params: URLSearchParams): void;
  /** The gallery scan the widget shows (null: none, or the reader's own image). */
  scan: string | null;
  /** The widget shows the reader's own image, which no link can carry. */
  ownImage: boolean;
  /** Anything else of the reader's the link leaves out, in the widget's words (null: nothing). */
  notInLink?: string | null;
}

/** The link to this widget in its state (see the module comment). */
export function shareLink(href: string, root: HTMLElement, state: ShareState): string {
  const url = new URL(href);
  const params = new URLSearchParams();
  state.write(params);
  if (state.scan !== null) params.set('scan', state.scan);
  if (root.dataset.hidden) params.set('hide', root.dataset.hidden);
  url.search = params.toString();
  url.hash = root.id ? `#${root.id}` : '';
  return url.href;
}

/** What the reader is told once the link is made (and whether it reached the clipboard). */
export function shareMessage(state: ShareState, copied: boolean, link: string): string {
  const head = copied ? 'Link copied: it opens this figure as it is now.' : `Copy this link by hand: ${link}`;
  const image = state.ownImage
    ? 'Your own image is not part of it (it never leaves this browser): the link opens on a gallery scan.'
    : null;
  return [head, image, state.notInLink].filter(Boolean).join(' ');
}

/** Binds the "Copy link" button; the link is also published as `data-share-url` (tests read it). */
export function bindShare(root: HTMLElement, state: () => ShareState, signal: AbortSignal): void {
  const button = root.querySelector<HTMLButtonElement>('[data-role="share"]');
  if (!button) return;
  button.hidden = false;
  button.addEventListener(
    'click',
    () => {
      const current = state();
      const link = shareLink(location.href, root, current);
      root.dataset.shareUrl = link;
      void copy(link).then((copied) => say(root, shareMessage(current, copied, link)));
    },
    { signal },
  );
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
