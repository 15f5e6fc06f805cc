/**
 * The Content-Security-Policy of every page (a <meta> in src/layouts/Base.astro, so it holds on any static host).
 * - Scripts only from the site itself, no inline script (Astro bundles every <script> into a file), and
 *   'wasm-unsafe-eval' so tfjs and Pagefind may compile their WebAssembly, which also comes from the site.
 * - Styles from the site plus inline styles: KaTeX sets style attributes on every formula and Observable Plot writes
 *   a <style> into each chart; neither can carry a hash, and inline CSS cannot run code.
 * - Images, fetches and workers from the site; images also from data: and blob: (canvases and downloads), fonts
 *   also from data: (Vite inlines the smallest KaTeX font into the stylesheet).
 * - Nothing may be framed, posted or embedded elsewhere. (frame-ancestors cannot be set from a <meta>.)
 */
const DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
