/**
 * The TensorFlow.js runtime: imported lazily (tfjs is ~1 MB; a page pays for it only when a widget needs it),
 * with the backend chosen webgl → wasm → cpu, overridable, and shared by every widget on a page.
 * Framework-free: runs in Node (vitest, training scripts) and in the browser.
 */
import type * as TfModule from '@tensorflow/tfjs';

export type Tf = typeof TfModule;
export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Where the wasm binaries live; the browser passes URLs the site serves itself (never a CDN). */
type WasmPaths = Partial<
  Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>
>;

export interface RuntimeOptions {
  /** Backend to try first; the others follow in BACKEND_ORDER. */
  preferred?: BackendName;
  /** Only these backends are tried (e.g. Node has no WebGL). */
  allowed?: readonly BackendName[];
  wasmPaths?: WasmPaths;
}

export interface Runtime {
  tf: Tf;
  backend: BackendName;
  /** Backends that were tried first and failed, with why: shown to the reader, never swallowed. */
  failures: { backend: BackendName; reason: string }[];
}

export class BackendRequestError extends Error {}

/** Parses `?backend=` (null when absent); an unknown value is an error the widget shows. */
export function parseBackendRequest(value: string | null | undefined): BackendName | null {
  if (value === null || value === undefined || value === '') return null;
  const name = value.trim().toLowerCase();
  if ((BACKEND_ORDER as readonly string[]).includes(name)) return name as BackendName;
  throw new BackendRequestError(`Unknown backend "${value}". Use one of: ${BACKEND_ORDER.join(', ')}.`);
}

/** The order to try backends in: the preferred one first, then the default order. */
export function backendCandidates(options: RuntimeOptions = {}): BackendName[] {
  const allowed = options.allowed ?? BACKEND_ORDER;
  const ordered = options.preferred ? [options.preferred, ...BACKEND_ORDER] : [...BACKEND_ORDER];
  return [...new Set(ordered)].filter((name) => allowed.includes(name));
}

let shared: Promise<Runtime> | null = null;

/** One runtime per page (or process): the first caller's options win. */
export function loadRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  shared ??= initialise(options).catch((error: unknown) => {
    shared = null; // let a later call retry instead of caching the failure
    throw error;
  });
  return shared;
}

/** Forgets the shared runtime, e.g. after a lost WebGL context, so the next loadRuntime starts afresh. */
export function resetRuntime(): void {
  shared = null;
}

async function initialise(options: RuntimeOptions): Promise<Runtime> {
  const tf = await import('@tensorflow/tfjs');
  const failures: Runtime['failures'] = [];
  for (const backend of backendCandidates(options)) {
    try {
      if (backend === 'wasm') await registerWasm(options.wasmPaths);
      const ok = await tf.setBackend(backend);
      if (!ok) throw new Error('the backend did not initialise');
      await tf.ready();
      if (tf.getBackend() !== backend) throw new Error(`tfjs chose ${tf.getBackend()} instead`);
      return { tf, backend, failures };
    } catch (error) {
      failures.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${failures.map((f) => `${f.backend} (${f.reason})`).join('; ')}`,
  );
}

async function registerWasm(paths: WasmPaths | undefined): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (paths && Object.keys(paths).length > 0) wasm.setWasmPaths(paths);
}

/**
 * Calls `onLost` when the WebGL context behind tfjs is lost (GPU reset, too many contexts, a tab in the background
 * on a phone). Returns an unsubscribe function; a no-op off WebGL.
 */
export function watchContextLoss(runtime: Runtime, onLost: () => void): () => void {
  if (runtime.backend !== 'webgl') return () => undefined;
  const canvas = webglCanvas(runtime.tf);
  if (!canvas) return () => undefined;
  const handler = (event: Event): void => {
    event.preventDefault();
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/** The WebGL context tfjs draws with (for context-loss handling and tests). */
export function webglContext(tf: Tf): WebGLRenderingContext | WebGL2RenderingContext | null {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

function webglCanvas(tf: Tf): EventTarget | null {
  const gl = webglContext(tf);
  return (gl?.canvas as EventTarget | undefined) ?? null;
}
