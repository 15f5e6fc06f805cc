/** Updates the shared widget frame (WidgetShell.astro): status line, progress bar, backend badge, state attribute. */
import type { Runtime } from '../model/core/runtime';
import { explainNetworkFailure } from './offline-errors';

export type WidgetState = 'idle' | 'loading' | 'ready' | 'busy' | 'error';

export class WidgetChrome {
  private readonly status: HTMLElement | null;
  private readonly progress: HTMLProgressElement | null;
  private readonly backend: HTMLElement | null;

  constructor(private readonly root: HTMLElement) {
    this.status = root.querySelector('[data-role="status"]');
    this.progress = root.querySelector('[data-role="progress"]');
    this.backend = root.querySelector('[data-role="backend"]');
  }

  set(state: WidgetState, message: string): void {
    this.root.dataset.state = state;
    if (this.status) this.status.textContent = message;
    if (state !== 'loading' && state !== 'busy' && this.progress) this.progress.hidden = true;
  }

  /** A fraction in [0, 1], or null for an indeterminate bar. */
  showProgress(fraction: number | null): void {
    if (!this.progress) return;
    this.progress.hidden = false;
    if (fraction === null) this.progress.removeAttribute('value');
    else this.progress.value = fraction;
  }

  fail(error: unknown): void {
    // A download that failed without saying what it was for still says, in words, what went wrong.
    const explained = explainNetworkFailure(error, 'a file this figure needs') ?? error;
    this.set('error', explained instanceof Error ? explained.message : String(explained));
  }

  showBackend(runtime: Runtime): void {
    if (!this.backend) return;
    const fellBack = runtime.failures.map((f) => `${f.backend}: ${f.reason}`).join('; ');
    this.backend.textContent = runtime.backend;
    this.backend.dataset.backend = runtime.backend;
    this.backend.title = fellBack
      ? `Running on ${runtime.backend}; not available: ${fellBack}`
      : `Running on ${runtime.backend}`;
    this.root.dataset.backend = runtime.backend;
  }
}
