/**
 * The widget scaffold. A widget is a definition — its URL state, what it loads, how it binds its controls and how it
 * renders — and this module owns everything else, once, for every widget:
 * - start: the page's tfjs runtime (backend badge, errors inside the widget), then `load`, then the scan picker;
 * - renders serialised through the latest-request runner, each with an AbortSignal that a newer request aborts;
 *   requests made while the widget is offscreen wait until it is visible again;
 * - runtime reset (lost WebGL context): the page has already cleared the model store; the widget drops what it
 *   loaded, loads again on the new backend and renders again;
 * - URL state: parsed and clamped at start (notes shown in the widget), written on every change, reset to defaults;
 *   "Copy link" shares this widget's state alone (widget-share.ts);
 * - the published result (`data-result`, `data-last-ms`) that tests and benches read;
 * - disposal: listeners, in-flight work and the widget's own resources go when the element leaves the page.
 */
import type { Runtime } from '../model/core/runtime';
import { part, text } from './dom';
import { latestRunner } from './latest-runner';
import { bindScanPicker, type ScanSelection } from './scan-picker';
import { shareScanChoice } from './scan-sync';
import { RUNTIME_RESET_EVENT, pageRuntime, type RuntimeResetDetail } from './site-runtime';
import { currentParams, updateParams, type StateSpec } from './url-state';
import { WidgetChrome } from './widget-chrome';
import type { WidgetInstance, WidgetModule } from './widget-element';
import { WidgetLifecycle } from './widget-lifecycle';
import { bindShare, type ShareState } from './widget-share';

export interface WidgetContext<S, R> {
  readonly root: HTMLElement;
  readonly chrome: WidgetChrome;
  readonly runtime: Runtime;
  readonly state: S;
  /** The scan chosen in the widget's picker (null before one loads, or for widgets without a picker). */
  readonly scan: ScanSelection | null;
  /** Why the runtime was last reset ("The GPU (WebGL) context was lost"), null if it never was. */
  readonly resetReason: string | null;
  part<T extends Element = HTMLElement>(role: string): T;
  text(role: string, value: string): void;
  /** Replaces the state, writes it to the URL, and requests a render unless `render: false`. */
  setState(next: S | ((state: S) => S), options?: { render?: boolean }): void;
  /** Asks for a render (the latest request wins). */
  request(): void;
  /** Publishes a result without a render (e.g. the reader inspected another cell of a map already computed). */
  publish(result: R, ms?: number): void;
  /** addEventListener that is removed when the widget is disposed. */
  listen(target: EventTarget, type: string, listener: (event: Event) => void): void;
  /** Resolves when the widget is on screen (at once if it is): long loops await it between steps. */
  whenVisible(): Promise<void>;
  /** Adds a visible note beside the link's other notes (a link asked for what the loaded model lacks). */
  note(text: string): void;
}

export interface WidgetDefinition<S, M, R> {
  /** How messages name the widget: "the pooling explorer". */
  name: string;
  state: StateSpec<S>;
  strings: { loading: string; chooseImage?: string };
  /** Binds ScanPicker.astro's markup inside the widget (optionally to one dataset). */
  scan?: { dataset?: 'cxr' | 'oct' };
  /**
   * What the widget keeps (models from the page store, Plot, caches): called at start (`previous` null) and after a
   * runtime reset, with what the last call returned, so plain data (a reader's examples) can carry over while
   * anything on the old backend is dropped.
   */
  load(ctx: WidgetContext<S, R>, previous: M | null): Promise<M>;
  /** Binds the controls, once. `current()` is what the latest `load` returned. */
  setup?(ctx: WidgetContext<S, R>, current: () => M): void;
  /** State → controls: at start, after a reset, and whenever the state was changed from outside the controls. */
  sync?(ctx: WidgetContext<S, R>): void;
  /** A new scan was chosen (before the render it triggers). */
  onScan?(ctx: WidgetContext<S, R>, scan: ScanSelection): void;
  /** Computes and draws; the returned result is published unless a newer request aborted this one. */
  render(ctx: WidgetContext<S, R>, loaded: M, signal: AbortSignal): Promise<R | null>;
  /** Frees what the widget itself owns in `loaded` (never the page's shared models). */
  dispose?(loaded: M): void;
  /** What the widget holds that no link can carry (the reader's examples), said when a link is copied; or null. */
  notInLink?(loaded: M): string | null;
}

class Widget<S, M, R> implements WidgetContext<S, R>, WidgetInstance {
  readonly chrome: WidgetChrome;
  runtime!: Runtime;
  state: S;
  scan: ScanSelection | null = null;
  resetReason: string | null = null;
  private loaded: M | null = null;
  private notes: readonly string[] = [];
  private readonly life: WidgetLifecycle;
  private readonly run: () => void;

  constructor(
    readonly root: HTMLElement,
    private readonly definition: WidgetDefinition<S, M, R>,
  ) {
    this.chrome = new WidgetChrome(root);
    this.life = new WidgetLifecycle();
    // How many instances this element has had (tests check that moving it never mounts a second one).
    root.dataset.mounts = String(Number(root.dataset.mounts ?? '0') + 1);
    const { state, notes } = definition.state.parse(currentParams());
    this.state = state;
    this.showNotes(notes);
    this.run = latestRunner(
      () => this.renderOnce(),
      (error) => this.chrome.fail(error),
    );
  }

  part<T extends Element = HTMLElement>(role: string): T {
    return part<T>(this.root, role, this.definition.name);
  }

  text(role: string, value: string): void {
    text(this.root, role, value, this.definition.name);
  }

  setState(next: S | ((state: S) => S), options: { render?: boolean } = {}): void {
    this.state = typeof next === 'function' ? (next as (state: S) => S)(this.state) : next;
    updateParams((params) => this.definition.state.write(this.state, params));
    if (options.render !== false) this.request();
  }

  request(): void {
    this.life.abortRender();
    if (this.life.visible) this.run();
    else this.life.pending = true;
  }

  publish(result: R, ms?: number): void {
    this.root.dataset.result = JSON.stringify(result);
    if (ms !== undefined) this.root.dataset.lastMs = ms.toFixed(1);
  }

  listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener, { signal: this.life.signal });
  }

  whenVisible(): Promise<void> {
    return this.life.whenVisible();
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.showNotes([...this.notes, text]);
  }

  setVisible(visible: boolean): void {
    this.root.dataset.visible = String(visible);
    if (this.life.setVisible(visible)) this.run();
  }

  dispose(): void {
    this.life.dispose();
    if (this.loaded !== null) this.definition.dispose?.(this.loaded);
    this.loaded = null;
  }

  async start(): Promise<void> {
    this.chrome.set('loading', this.definition.strings.loading);
    this.chrome.showProgress(null);
    try {
      this.runtime = await pageRuntime();
      this.chrome.showBackend(this.runtime);
      this.loaded = await this.definition.load(this, null);
    } catch (error) {
      this.chrome.fail(error);
      return;
    }
    if (this.life.disposed) return;
    this.listen(window, RUNTIME_RESET_EVENT, (event) => {
      this.resetReason = (event as CustomEvent<RuntimeResetDetail>).detail.reason;
      void this.afterReset();
    });
    this.bindReset();
    bindShare(this.root, () => this.shareState(), this.life.signal);
    this.definition.sync?.(this);
    this.definition.setup?.(this, () => this.loaded as M);
    if (this.definition.scan) await this.bindScan();
    else this.request();
  }

  private async renderOnce(): Promise<void> {
    const loaded = this.loaded;
    if (loaded === null || this.life.disposed) return;
    const signal = this.life.renderSignal();
    const started = performance.now();
    // A render whose signal is aborted stops holding the runner even if a read never returns (a lost WebGL
    // context can leave one pending): the next request runs; the stale render's result is never published.
    const aborted = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null)));
    const result = await Promise.race([this.definition.render(this, loaded, signal), aborted]);
    if (result !== null && !signal.aborted) this.publish(result, performance.now() - started);
  }

  private async afterReset(): Promise<void> {
    this.life.abortRender();
    try {
      this.runtime = await pageRuntime();
      this.chrome.showBackend(this.runtime);
      const previous = this.loaded;
      this.loaded = null;
      if (previous !== null) this.definition.dispose?.(previous);
      this.loaded = await this.definition.load(this, previous);
      this.request();
    } catch (error) {
      this.chrome.fail(error);
    }
  }

  private async bindScan(): Promise<void> {
    const picker = this.root.querySelector<HTMLElement>('[data-scan-picker]');
    if (!picker) throw new Error(`The ${this.definition.name}'s markup lacks its scan picker.`);
    shareScanChoice(picker, this.life.signal);
    await bindScanPicker(picker, {
      dataset: this.definition.scan?.dataset,
      dropTarget: this.root,
      signal: this.life.signal,
      onSelect: (selection) => {
        this.scan = selection;
        this.definition.onScan?.(this, selection);
        this.request();
      },
    });
    if (!this.scan) this.chrome.set('ready', this.definition.strings.chooseImage ?? 'Choose a scan or your own image.');
  }

  private bindReset(): void {
    const button = this.root.querySelector<HTMLButtonElement>('[data-role="reset"]');
    if (!button) return;
    button.hidden = false;
    this.listen(button, 'click', () => {
      updateParams((params) => this.definition.state.keys.forEach((key) => params.delete(key)));
      this.state = this.definition.state.defaults;
      this.showNotes([]);
      this.definition.sync?.(this);
      this.request();
    });
  }

  private shareState(): ShareState {
    return {
      write: (params) => this.definition.state.write(this.state, params),
      scan: this.scan?.scan?.id ?? null,
      ownImage: this.scan !== null && this.scan.scan === null,
      notInLink: this.loaded === null ? null : (this.definition.notInLink?.(this.loaded) ?? null),
    };
  }

  private showNotes(notes: readonly string[]): void {
    this.notes = notes;
    const note = this.root.querySelector<HTMLElement>('[data-role="url-note"]');
    if (!note) return;
    note.textContent = notes.join(' ');
    note.hidden = notes.length === 0;
  }
}

/** Turns a definition into the module the widget's element mounts (see widget-element.ts). */
export function defineWidget<S, M, R>(definition: WidgetDefinition<S, M, R>): WidgetModule {
  return {
    mount(root) {
      const widget = new Widget(root, definition);
      void widget.start();
      return widget;
    },
  };
}
