/**
 * A widget's figure as a file for slides: the element the widget marks `data-figure`, else its largest drawn canvas
 * or chart (SVG). PNG for either (a canvas scaled up by a whole factor, pixels kept sharp as the page shows them; a
 * chart drawn at twice its size), and SVG for charts, with the page's colours written into the file so it looks the
 * same outside the page. A widget with neither (numbers and bars in HTML) is drawn whole, without its frame's
 * controls, by html-to-image (loaded only then).
 */

export type FigureElement = HTMLCanvasElement | SVGSVGElement;

/** Exported PNGs are at least this many pixels on their longer side (projector-sized). */
const MIN_PNG_SIDE = 1024;
/** Charts smaller than this (icons, legends' swatches) are not "the figure". */
const MIN_CHART_AREA = 10_000;

function area(element: Element): number {
  const box = element.getBoundingClientRect();
  return box.width * box.height;
}

/** The widget's figure, or null before it has drawn one. */
export function figureOf(root: HTMLElement): FigureElement | null {
  const marked = root.querySelector('[data-figure]');
  const candidates = marked
    ? [marked, ...marked.querySelectorAll('canvas, svg')]
    : [...root.querySelectorAll('canvas, svg')];
  const drawn = candidates.filter(
    (element): element is FigureElement =>
      (element instanceof HTMLCanvasElement && element.width > 0 && element.height > 0) ||
      (element instanceof SVGSVGElement && !element.parentElement?.closest('svg') && area(element) >= MIN_CHART_AREA),
  );
  const visible = drawn.filter((element) => element.getClientRects().length > 0);
  return visible.sort((a, b) => area(b) - area(a))[0] ?? null;
}

/** What the page's CSS decides about an SVG's look; written into the file so it needs no stylesheet. */
const STYLED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

/** A standalone SVG file of a chart: namespaces, size, and the computed look of every element written inline. */
export function svgFile(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  live.forEach((element, i) => {
    const copy = copies[i];
    if (!(copy instanceof SVGElement) || copy instanceof SVGStyleElement) return;
    const style = getComputedStyle(element);
    for (const property of STYLED) copy.style.setProperty(property, style.getPropertyValue(property));
  });
  const box = svg.getBoundingClientRect();
  const rootStyle = getComputedStyle(svg);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.round(box.width)));
  clone.setAttribute('height', String(Math.round(box.height)));
  clone.setAttribute('color', rootStyle.color);
  clone.setAttribute('font-family', rootStyle.fontFamily);
  clone.style.background = backgroundOf(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The colour behind an element (the first ancestor with an opaque background), for PNG backgrounds. */
function backgroundOf(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))),
      'image/png',
    ),
  );
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    image.src = url;
  });
}

/** A PNG of the figure and its size in pixels. */
export async function pngFile(figure: FigureElement): Promise<{ blob: Blob; width: number; height: number }> {
  const out = document.createElement('canvas');
  const context = out.getContext('2d');
  if (!context) throw new Error('This browser cannot draw a PNG (no 2D canvas).');
  let source: CanvasImageSource;
  let width: number;
  let height: number;
  if (figure instanceof HTMLCanvasElement) {
    const factor = Math.max(1, Math.ceil(MIN_PNG_SIDE / Math.max(figure.width, figure.height)));
    [source, width, height] = [figure, figure.width * factor, figure.height * factor];
  } else {
    const url = URL.createObjectURL(new Blob([svgFile(figure)], { type: 'image/svg+xml' }));
    try {
      source = await loadImage(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    const box = figure.getBoundingClientRect();
    [width, height] = [Math.round(box.width * 2), Math.round(box.height * 2)];
  }
  out.width = width;
  out.height = height;
  context.fillStyle = backgroundOf(figure);
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, width, height);
  return { blob: await toBlob(out), width, height };
}

/** The frame's own parts, left out of a picture of the whole widget. */
const CHROME = '.widget__bar, .widget__presenter, .widget__say, .widget__note, .widget__status, noscript';

/** A PNG of the whole widget (at twice its size) for a widget whose figure is HTML, and its size in pixels. */
export async function widgetPng(root: HTMLElement): Promise<{ blob: Blob; width: number; height: number }> {
  const { toBlob } = await import('html-to-image');
  const blob = await toBlob(root, {
    pixelRatio: 2,
    backgroundColor: backgroundOf(root),
    filter: (node) => !(node instanceof Element && node.matches(CHROME)),
  });
  if (!blob) throw new Error('The browser could not encode the PNG.');
  const bitmap = await createImageBitmap(blob);
  const { width, height } = bitmap;
  bitmap.close();
  return { blob, width, height };
}

/** Hands `blob` to the browser as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
