/** Node-only: the tfjs runtime for scripts: the wasm backend (tfjs-node cannot install here; wasm is ~10x cpu). */
import { loadRuntime, type Runtime } from '../lib/model/runtime';

export function nodeRuntime(): Promise<Runtime> {
  return loadRuntime({ allowed: ['wasm', 'cpu'], preferred: 'wasm' });
}
