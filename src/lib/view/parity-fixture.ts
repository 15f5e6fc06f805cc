/** Behind /fixtures/model-parity/: the browser side of the Node-vs-browser parity checks in tests/e2e. */
import type { InputSpec, RawImage } from '../model/core/preprocess';

interface ParityFixture {
  backend: string;
  /** The backbone input for raw pixels, flattened. */
  inputTensor(
    image: { width: number; height: number; channels: 1 | 3 | 4; data: number[] },
    spec: InputSpec,
  ): Promise<number[]>;
}

export async function exposeParityFixture(status: Element | null): Promise<void> {
  const [{ pageRuntime }, { toInputTensor }] = await Promise.all([
    import('./site-runtime'),
    import('../model/core/preprocess'),
  ]);
  const runtime = await pageRuntime();
  const fixture: ParityFixture = {
    backend: runtime.backend,
    async inputTensor(image, spec) {
      const raw: RawImage = { ...image, data: Uint8Array.from(image.data) };
      const tensor = toInputTensor(runtime.tf, raw, spec);
      const values = Array.from(await tensor.data());
      tensor.dispose();
      return values;
    },
  };
  Object.assign(window, { lightboxParity: fixture });
  if (status) status.textContent = `Ready on ${runtime.backend}.`;
}
