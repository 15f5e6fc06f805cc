/**
 * Draws a 2-D map of numbers (an activation channel, a convolution output) onto a canvas, one cell per value,
 * with a stated colour scale, and maps pointer positions back to cells. Shared by every widget that shows maps.
 */
import { valueStats, type Grid } from '../model/core/grid';

export type ColourScale = 'gray' | 'diverging';

export interface Range {
  min: number;
  max: number;
}

export function rangeOf(map: Grid): Range {
  const { min, max } = valueStats(map.values);
  return { min, max };
}

/** RGBA for a value: gray maps min→black, max→white; diverging maps −m→blue, 0→white, +m→red (m = max |v|). */
export function colourOf(value: number, range: Range, scale: ColourScale): [number, number, number] {
  if (scale === 'gray') {
    const span = range.max - range.min;
    const t = span > 0 ? (value - range.min) / span : 0;
    const g = Math.round(255 * Math.min(1, Math.max(0, t)));
    return [g, g, g];
  }
  const m = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
  const t = Math.max(-1, Math.min(1, value / m));
  const fade = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

export function drawMap(
  canvas: HTMLCanvasElement,
  map: Grid,
  scale: ColourScale = 'gray',
  range: Range = rangeOf(map),
): void {
  canvas.width = map.width;
  canvas.height = map.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const rgba = new Uint8ClampedArray(map.width * map.height * 4);
  for (let i = 0; i < map.width * map.height; i++) {
    const [r, g, b] = colourOf(map.values[i] ?? 0, range, scale);
    rgba.set([r, g, b, 255], i * 4);
  }
  context.putImageData(new ImageData(rgba, map.width, map.height), 0, 0);
}

/** The cell under a pointer event on a canvas drawn with drawMap (CSS may scale it). */
export function cellAt(
  canvas: HTMLCanvasElement,
  event: { clientX: number; clientY: number },
): { row: number; col: number } | null {
  const box = canvas.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  const col = Math.floor(((event.clientX - box.left) / box.width) * canvas.width);
  const row = Math.floor(((event.clientY - box.top) / box.height) * canvas.height);
  if (col < 0 || row < 0 || col >= canvas.width || row >= canvas.height) return null;
  return { row, col };
}

/** ColorBrewer RdBu's ends (colour-blind safe): evidence against the class in blue, for it in red. */
const DIVERGING_ENDS = { negative: [33, 102, 172], positive: [178, 24, 43] } as const;

/** The largest finite |value|: the symmetric limit ±m of a signed map's colour scale (1 for an all-zero map). */
export function symmetricLimit(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] as number);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m > 0 ? m : 1;
}

/** RGBA of a value over a scan: the end colour of its sign, alpha growing with |value| / limit; 0 and NaN clear. */
export function overlayRgba(value: number, limit: number, opacity: number): [number, number, number, number] {
  if (!Number.isFinite(value) || value === 0) return [0, 0, 0, 0];
  const t = Math.min(1, Math.abs(value) / limit);
  const [r, g, b] = value > 0 ? DIVERGING_ENDS.positive : DIVERGING_ENDS.negative;
  return [r, g, b, Math.round(255 * opacity * Math.sqrt(t))];
}

/** Draws a signed map as a translucent overlay, symmetric around zero at ±limit. */
export function drawOverlay(canvas: HTMLCanvasElement, map: Grid, limit: number, opacity: number): void {
  canvas.width = map.width;
  canvas.height = map.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const rgba = new Uint8ClampedArray(map.width * map.height * 4);
  for (let i = 0; i < map.width * map.height; i++) rgba.set(overlayRgba(map.values[i] ?? 0, limit, opacity), i * 4);
  context.putImageData(new ImageData(rgba, map.width, map.height), 0, 0);
}
