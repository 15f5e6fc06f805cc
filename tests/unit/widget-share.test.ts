/**
 * The share link and `hide=` of every widget (src/lib/view/widget-share.ts) on a server-side DOM: which controls a
 * name hides (and never the figure or the shell's own buttons), what a link carries, and what the reader is told.
 */
import { describe, expect, test } from 'vitest';
import { applyHide, hideNames, hideTargets, shareLink, shareMessage } from '../../src/lib/view/widget-share';
import { mountElement } from './dom-stub';

const WIDGET = `
<lb-pool class="widget" id="lb-pool-2">
  <div class="widget__bar"><button data-role="share">Copy link</button><button data-role="reset">Reset</button></div>
  <p data-role="hide-note" hidden><span data-role="hide-text"></span><button data-role="unhide">Show</button></p>
  <div data-scan-picker><select data-role="scan-select"></select><input type="file" data-role="scan-file" /></div>
  <fieldset>
    <div class="ops"><label><input type="radio" data-role="op" />Max</label><label><input type="radio" data-role="op" />Avg</label></div>
    <div class="range"><span><label for="w">Window</label><output>2</output></span><input id="w" data-role="window" /></div>
    <label for="s">Stride</label><input id="s" data-role="stride" />
    <label class="k" data-hide-as="kernel"><select data-role="preset"></select></label>
  </fieldset>
  <div class="map"><canvas></canvas><input data-role="cell" /></div>
</lb-pool>`;

const widget = (): HTMLElement => mountElement(WIDGET, 'lb-pool');

describe('hide=', () => {
  test('names: comma-separated, trimmed, once each, nothing odd', () => {
    expect(hideNames(new URLSearchParams('hide=kernel, stride,,kernel,<b>'))).toEqual(['kernel', 'stride']);
    expect(hideNames(new URLSearchParams(''))).toEqual([]);
  });

  test('a name hides the largest wrapper of its controls that holds nothing else, with a separate label', () => {
    const root = widget();
    const classes = (name: string): string[] =>
      hideTargets(root, name).map((e) => e.className || e.tagName.toLowerCase() + (e.getAttribute('for') ?? ''));
    expect(classes('op')).toEqual(['ops']);
    expect(classes('window')).toEqual(['range']);
    expect(classes('stride')).toEqual(['input', 'labels']);
    expect(classes('kernel')).toEqual(['k']);
    // Never the figure beside a control, never the shell's own buttons, never the widget itself.
    expect(classes('cell')).toEqual(['input']);
    expect(hideTargets(root, 'share')).toEqual([]);
    expect(hideTargets(root, 'reset')).toEqual([]);
    expect(hideTargets(root, 'scan')).toEqual([root.querySelector('[data-scan-picker]')]);
  });

  test('applyHide hides what it names, says so, and ignores names another widget has', () => {
    const root = widget();
    expect(applyHide(root, new URLSearchParams('hide=kernel,stride,threshold'))).toEqual(['kernel', 'stride']);
    expect(root.querySelector<HTMLElement>('.k')?.hidden).toBe(true);
    expect(root.querySelector<HTMLElement>('#s')?.hidden).toBe(true);
    expect(root.querySelector<HTMLElement>('.range')?.hidden).toBe(false);
    expect(root.querySelector('[data-role="hide-text"]')?.textContent).toContain('(kernel, stride)');
    expect(root.querySelector<HTMLElement>('[data-role="hide-note"]')?.hidden).toBe(false);
    expect(applyHide(widget(), new URLSearchParams('hide=threshold'))).toEqual([]);
  });
});

describe('Copy link', () => {
  const write = (params: URLSearchParams): void => {
    params.set('pool.k', '4');
    params.set('pool.s', '3');
  };

  test("carries only the widget's keys, its gallery scan, what it hides, and names the widget", () => {
    const root = widget();
    root.dataset.hidden = 'kernel,stride';
    const link = new URL(
      shareLink('https://x.org/book/chapters/pooling/?cnn.layer=a&scan=old&backend=wasm#top', root, {
        write,
        scan: 'NORMAL-1',
        ownImage: false,
      }),
    );
    expect(link.pathname).toBe('/book/chapters/pooling/');
    expect([...link.searchParams]).toEqual([
      ['pool.k', '4'],
      ['pool.s', '3'],
      ['scan', 'NORMAL-1'],
      ['hide', 'kernel,stride'],
    ]);
    expect(link.hash).toBe('#lb-pool-2');
  });

  test("the reader's own image is not in the link, and the message says so", () => {
    const own = { write, scan: null, ownImage: true };
    const link = new URL(shareLink('https://x.org/p/?scan=old', widget(), own));
    expect(link.searchParams.has('scan')).toBe(false);
    expect(shareMessage(own, true, link.href)).toMatch(/copied.*Your own image is not part of it/);
    expect(shareMessage({ ...own, ownImage: false }, true, link.href)).not.toMatch(/own image/);
    // When the clipboard refuses, the link is shown to copy by hand.
    expect(shareMessage(own, false, link.href)).toContain(link.href);
    // Whatever else of the reader's the widget holds is named in its own words.
    const examples = { ...own, ownImage: false, notInLink: 'Your 10 examples stay here.' };
    expect(shareMessage(examples, true, link.href)).toMatch(/copied.*Your 10 examples stay here\.$/);
  });
});
