// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { testFixtures } from './src/integrations/test-fixtures';
import { offline } from './src/integrations/offline';
import { glossaryLinks } from './src/integrations/glossary-links';

// Math is typeset at build time (KaTeX HTML + MathML); no client JavaScript is needed to read it.
// LIGHTBOX_DIST builds (and previews) elsewhere than dist/, so parallel test runs do not overwrite each other's site.
// LIGHTBOX_BASE is the sub-path the site is served from (e.g. /lightbox/ for https://user.github.io/lightbox/); every
// link, weight, wasm binary and scan URL goes through Astro's base (src/lib/paths.ts sitePath, Vite's asset URLs).
const base = `/${(process.env.LIGHTBOX_BASE ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

/**
 * Astro uses <project>/.astro/ as its scratch folder whenever outDir lies outside the project, so two builds into
 * /tmp/… at once overwrite each other's chunks ("Cannot find module .astro/renderers.mjs"). A LIGHTBOX_DIST outside
 * the project is therefore built inside it (dist-<name>/, git-ignored) and the requested path becomes a link to it.
 *
 * @param {string} requested
 */
function outDirFor(requested) {
  const wanted = resolve(requested);
  if (wanted.startsWith(process.cwd() + sep)) return requested;
  const inside = resolve(`dist-${basename(wanted).replace(/^dist-?/, '') || 'out'}`);
  mkdirSync(inside, { recursive: true });
  if (existsSync(wanted) || lstatSync(wanted, { throwIfNoEntry: false }))
    rmSync(wanted, { recursive: true, force: true });
  symlinkSync(inside, wanted, 'dir');
  return inside;
}

const outDir = outDirFor(process.env.LIGHTBOX_DIST ?? './dist');

export default defineConfig({
  output: 'static',
  outDir,
  base,
  trailingSlash: 'ignore',
  markdown: {
    remarkPlugins: [remarkMath],
    // The first use of each glossary term in the book links to its entry (src/integrations/glossary-links.ts).
    rehypePlugins: [rehypeKatex, [glossaryLinks, { base, chapters: 'content/chapters' }]],
  },
  // Test-only pages (src/pages/_fixtures) are built only for the end-to-end suite: LIGHTBOX_FIXTURES=1.
  // offline(): the Pagefind search index, then the service worker that precaches the site (src/integrations/offline.ts).
  integrations: [mdx(), testFixtures(), ...offline(outDir)],
  vite: {
    optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  },
});
