/**
 * A widget's custom element: a thin shell that does nothing until it nears the viewport, then imports the widget's
 * run module (and tfjs with it, as a separate chunk) and mounts it. It tells the widget when it leaves and re-enters
 * the screen (so loops pause offscreen), and disposes it when the element leaves the page. Moving the element
 * (disconnect then connect in one task) keeps the same instance: there is never a second one. At once, before the
 * widget loads, the controls a link hides (`hide=`) are hidden, the page's presenter mode is wired, and a widget a
 * link points at (#id) is kept in view while the page above it settles.
 */
import { keepLinkedInView } from './hash-anchor';
import { attachPresenter } from './presenter';
import { whenNearViewport } from './visibility';
import { applyHide } from './widget-share';

export interface WidgetInstance {
  setVisible(visible: boolean): void;
  dispose(): void;
}

export interface WidgetModule {
  mount(root: HTMLElement): WidgetInstance;
}

class WidgetHost {
  private instance: WidgetInstance | null = null;
  private loading: Promise<void> | null = null;
  private stopNear: (() => void) | null = null;
  private observer: IntersectionObserver | null = null;
  private pendingDispose: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly load: () => Promise<WidgetModule>,
  ) {}

  connect(): void {
    if (this.pendingDispose !== null) {
      clearTimeout(this.pendingDispose);
      this.pendingDispose = null;
      return;
    }
    if (this.instance || this.loading) return;
    this.stopNear = whenNearViewport(this.root, () => {
      this.loading = this.start();
    });
  }

  disconnect(): void {
    this.pendingDispose = setTimeout(() => this.teardown(), 0);
  }

  private async start(): Promise<void> {
    try {
      const module = await this.load();
      if (!this.root.isConnected) return;
      this.instance = module.mount(this.root);
      this.watchVisibility();
    } catch (error) {
      this.root.dataset.state = 'error';
      const status = this.root.querySelector('[data-role="status"]');
      if (status)
        status.textContent = `This figure could not start: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.loading = null;
    }
  }

  private watchVisibility(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) this.instance?.setVisible(entry.isIntersecting);
    });
    this.observer.observe(this.root);
  }

  private teardown(): void {
    this.pendingDispose = null;
    this.stopNear?.();
    this.observer?.disconnect();
    this.instance?.dispose();
    this.instance = null;
    this.stopNear = null;
    this.observer = null;
  }
}

const hosts = new WeakMap<HTMLElement, WidgetHost>();

/** Defines `<tag>`; `load` must be a dynamic import in the widget's own file so the bundler splits it there. */
export function defineWidgetElement(tag: string, load: () => Promise<WidgetModule>): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      connectedCallback(): void {
        let host = hosts.get(this);
        if (!host) {
          host = new WidgetHost(this, load);
          hosts.set(this, host);
          applyHide(this, new URLSearchParams(location.search));
          attachPresenter(this);
          keepLinkedInView(this);
        }
        host.connect();
      }

      disconnectedCallback(): void {
        hosts.get(this)?.disconnect();
      }
    },
  );
}
