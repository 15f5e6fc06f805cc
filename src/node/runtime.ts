/**
 * Node-only: the tfjs runtime for scripts: the wasm backend (tfjs-node cannot install here; wasm is ~10x cpu),
 * with Lightbox's gradient kernels registered so heads with convolutions and backbone blocks can train on it.
 */
import { loadRuntime, type Runtime } from '../lib/model/core/runtime';
import { registerWasmGradients } from '../lib/model/training/wasm-gradients';

export async function nodeRuntime(): Promise<Runtime> {
  const runtime = await loadRuntime({ allowed: ['wasm', 'cpu'], preferred: 'wasm' });
  if (runtime.backend === 'wasm') registerWasmGradients(runtime.tf);
  return runtime;
}
