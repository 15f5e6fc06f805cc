/**
 * A widget's lifetime, apart from the DOM: whether it is on screen, whether a request waits for it to be, the abort
 * signal of the render in flight, and the signal that ends everything when the widget is disposed.
 */
export class WidgetLifecycle {
  visible = true;
  /** A render was requested while offscreen. */
  pending = false;
  private readonly whole = new AbortController();
  private render: AbortController | null = null;
  private waiting: (() => void)[] = [];

  get signal(): AbortSignal {
    return this.whole.signal;
  }

  get disposed(): boolean {
    return this.whole.signal.aborted;
  }

  /** A fresh signal for the render about to start; aborted by the next request or by disposal. */
  renderSignal(): AbortSignal {
    this.render = new AbortController();
    return AbortSignal.any([this.render.signal, this.whole.signal]);
  }

  abortRender(): void {
    this.render?.abort();
    this.render = null;
  }

  /** Returns true when a render that waited for the widget to come back should run now. */
  setVisible(visible: boolean): boolean {
    this.visible = visible;
    if (!visible) return false;
    this.waiting.splice(0).forEach((resolve) => resolve());
    const run = this.pending;
    this.pending = false;
    return run;
  }

  whenVisible(): Promise<void> {
    if (this.visible || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  dispose(): void {
    this.abortRender();
    this.whole.abort();
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}
