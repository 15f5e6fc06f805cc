/**
 * The page's tfjs runtime for widgets: reads `?backend=`, serves the wasm binaries from the site itself, and
 * recovers from a lost WebGL context by falling back to wasm and telling every widget to reload its models.
 * Imported lazily (it pulls in tfjs).
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  loadRuntime,
  parseBackendRequest,
  resetRuntime,
  watchContextLoss,
  webglContext,
  type BackendName,
  type Runtime,
} from '../model/core/runtime';
import { clearPageModels } from './model-store';

export const RUNTIME_RESET_EVENT = 'lightbox:runtime-reset';

export interface RuntimeResetDetail {
  reason: string;
  backend: BackendName;
}

let lostFrom: BackendName | null = null;

/** Throws BackendRequestError for an unknown `?backend=` value; widgets show it. */
export async function pageRuntime(): Promise<Runtime> {
  const requested = parseBackendRequest(new URLSearchParams(location.search).get('backend'));
  const runtime = await loadRuntime({
    preferred: lostFrom ? 'wasm' : (requested ?? undefined),
    allowed: lostFrom ? ['wasm', 'cpu'] : undefined,
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  watchOnce(runtime);
  exposeDebugHook(runtime);
  return runtime;
}

/**
 * `?debug` in the URL exposes the runtime as `window.lightboxDebug`, for instructors checking a projector's GPU and
 * for the e2e suite (which also uses it to simulate a lost WebGL context).
 */
function exposeDebugHook(runtime: Runtime): void {
  if (!new URLSearchParams(location.search).has('debug')) return;
  const gl = webglContext(runtime.tf);
  Object.assign(window, {
    lightboxDebug: {
      backend: runtime.backend,
      numTensors: () => runtime.tf.memory().numTensors,
      loseContext: () => gl?.getExtension('WEBGL_lose_context')?.loseContext(),
    },
  });
}

const watched = new WeakSet<Runtime>();

function watchOnce(runtime: Runtime): void {
  if (watched.has(runtime)) return;
  watched.add(runtime);
  watchContextLoss(runtime, () => {
    lostFrom = runtime.backend;
    resetRuntime();
    // The page owns the shared models: the store is emptied once, before any widget hears of the reset, so widgets
    // only drop their references and load again through the store (one copy per page on the new backend).
    void clearPageModels()
      .then(() => pageRuntime())
      .then((next) => {
        const detail: RuntimeResetDetail = { reason: 'The GPU (WebGL) context was lost', backend: next.backend };
        window.dispatchEvent(new CustomEvent(RUNTIME_RESET_EVENT, { detail }));
      });
  });
}
