/**
 * What the renderer tests share on a server-side DOM (linkedom): markup mounted in a fresh document, a settable
 * <select> value, and a stub 2-D canvas context that records the pixels each canvas receives.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, vi } from 'vitest';

/** `markup` in the body of a fresh document, inside `<div id="root">`; returns that div. */
export function mount(markup: string): HTMLElement {
  return mountElement(`<div id="root">${markup}</div>`, '#root');
}

/** `body` as the body of a fresh document; returns its element matching `selector` (the widget's own element). */
export function mountElement(body: string, selector: string): HTMLElement {
  const { document } = parseHTML(`<!doctype html><html><body>${body}</body></html>`);
  return document.querySelector(selector) as unknown as HTMLElement;
}

/** linkedom's <select> has no value setter (a browser's selects the option with that value): give it a plain one. */
export function settableValue(select: Element, initial = ''): void {
  let value = initial;
  Object.defineProperty(select, 'value', { get: () => value, set: (next: string) => (value = String(next)) });
}

/** What a stub 2-D context last received through putImageData. */
export interface DrawnImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

class StubImageData implements DrawnImage {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

/**
 * For the tests of the calling file: a global ImageData, and a 2-D context on every linkedom canvas whose
 * putImageData is recorded. Returns, per canvas, the image it last received.
 */
export function stubCanvas2d(): WeakMap<object, DrawnImage> {
  const drawn = new WeakMap<object, DrawnImage>();
  const { HTMLCanvasElement: Canvas } = parseHTML('');
  const realGetContext = Canvas.prototype.getContext;
  beforeAll(() => {
    vi.stubGlobal('ImageData', StubImageData);
    Canvas.prototype.getContext = function (this: object) {
      return { putImageData: (image: DrawnImage) => drawn.set(this, image) };
    } as unknown as typeof realGetContext;
  });
  afterAll(() => {
    Canvas.prototype.getContext = realGetContext;
    vi.unstubAllGlobals();
  });
  return drawn;
}
