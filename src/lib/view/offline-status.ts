/**
 * Registers the service worker (src/service-worker.ts) with workbox-window and keeps the header's "available
 * offline" indicator true: saving while the first visit's precache downloads, available once a worker holds the
 * whole book, and what a reader offline is reading. Registration failing (a private window, a browser that blocks
 * service workers, a test that does) is a state the indicator shows, never an error.
 */
import { Workbox, messageSW } from 'workbox-window';
import { sitePath } from '../paths';

type OfflineState = 'unsupported' | 'saving' | 'ready' | 'offline' | 'failed';

interface WorkerStatus {
  version: string;
  contentVersion: string;
}

const LABELS: Record<OfflineState, string> = {
  unsupported: 'Online only',
  saving: 'Saving for offline use…',
  ready: 'Available offline',
  offline: 'Offline: reading the saved copy',
  failed: 'Not saved for offline use',
};

const DETAILS: Record<OfflineState, string> = {
  unsupported: 'This browser cannot keep a copy of the book (service workers are unavailable or blocked).',
  saving: 'Downloading pages, scripts, fonts and the search index once, so the book works without a network.',
  ready:
    'Pages, scripts, fonts and search work without a network. Network weights and gallery scans are kept the first time a figure uses them.',
  offline: 'No network: pages come from the saved copy; a figure works if its weights and scans were used once before.',
  failed: 'The copy for offline use could not be saved.',
};

function show(indicator: HTMLElement, state: OfflineState, status?: WorkerStatus): void {
  indicator.dataset.offlineState = state;
  if (status) indicator.dataset.offlineVersion = status.version;
  const label = indicator.querySelector<HTMLElement>('[data-role="offline-label"]');
  if (label) label.textContent = LABELS[state];
  indicator.title = status ? `${DETAILS[state]} (version ${status.version})` : DETAILS[state];
}

const STATUS_TIMEOUT_MS = 3000;

/** Asks the worker that controls the page (or the active one, before it claims the page) which version it serves. */
async function workerStatus(registration: ServiceWorkerRegistration): Promise<WorkerStatus | undefined> {
  const worker = navigator.serviceWorker.controller ?? registration.active;
  if (!worker) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), STATUS_TIMEOUT_MS));
  const reply = (await Promise.race([messageSW(worker, { type: 'LIGHTBOX_STATUS' }), timeout])) as
    Partial<WorkerStatus> | undefined;
  return typeof reply?.version === 'string' && typeof reply.contentVersion === 'string'
    ? { version: reply.version, contentVersion: reply.contentVersion }
    : undefined;
}

/** Registers the worker and keeps `indicator` up to date; resolves once a worker is active (or could not be). */
export async function trackOfflineCopy(indicator: HTMLElement): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    show(indicator, 'unsupported');
    return;
  }
  const workbox = new Workbox(sitePath('service-worker.js'), { scope: sitePath('') });
  let ready = false;
  let status: WorkerStatus | undefined;
  const refresh = (): void => show(indicator, ready ? (navigator.onLine ? 'ready' : 'offline') : 'saving', status);
  // A worker is active only once its install, the whole precache, has succeeded.
  const activated = async (): Promise<void> => {
    const registration = await navigator.serviceWorker.ready;
    ready = true;
    status = (await workerStatus(registration).catch(() => undefined)) ?? status;
    refresh();
  };
  workbox.addEventListener('activated', () => void activated());
  // A newer worker (the site was rebuilt) took over this page: ask it which version it serves.
  navigator.serviceWorker.addEventListener('controllerchange', () => void activated());
  window.addEventListener('online', refresh);
  window.addEventListener('offline', refresh);
  show(indicator, 'saving');
  try {
    if (!(await workbox.register())) throw new Error('not registered');
  } catch {
    show(indicator, 'failed');
    return;
  }
  await activated();
}
