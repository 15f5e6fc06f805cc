/**
 * The start and the recovery every widget repeats: show "loading", get the page's tfjs runtime and show its backend
 * (or the error, inside the widget); and after a lost WebGL context, reload on the new backend and compute again.
 */
import type { Runtime } from '../model/core/runtime';
import { RUNTIME_RESET_EVENT, pageRuntime } from './site-runtime';
import type { WidgetChrome } from './widget-chrome';

/** The runtime, or null once the failure is shown in the widget. */
export async function startRuntime(chrome: WidgetChrome, loading: string): Promise<Runtime | null> {
  chrome.set('loading', loading);
  chrome.showProgress(null);
  try {
    const runtime = await pageRuntime();
    chrome.showBackend(runtime);
    return runtime;
  } catch (error) {
    chrome.fail(error);
    return null;
  }
}

/** After a runtime reset: `reload` what the widget keeps on the old backend, then `rerun` its computation. */
export function afterRuntimeReset(
  chrome: WidgetChrome,
  reload: (runtime: Runtime) => void | Promise<void>,
  rerun: () => void,
): void {
  window.addEventListener(RUNTIME_RESET_EVENT, () => {
    void pageRuntime()
      .then(async (runtime) => {
        await reload(runtime);
        chrome.showBackend(runtime);
        rerun();
      })
      .catch((error: unknown) => chrome.fail(error));
  });
}
