/** Every page of the built site, found by walking dist/ for index.html files, so new pages are tested automatically. */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';

export const DIST = resolve(process.env.LIGHTBOX_DIST ?? 'dist');

/** Folders of copied assets, never pages. */
const ASSET_DIRS = new Set(['_astro', 'weights', 'samples']);

function walk(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !ASSET_DIRS.has(entry.name)) walk(path, found);
    else if (entry.isFile() && entry.name === 'index.html') found.push(path);
  }
}

/** URL paths such as "/", "/about/", "/chapters/why-machines-read-scans/", sorted. */
export function builtPages(dist: string = DIST): string[] {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`No built site in ${dist}: run \`npm run build\` first (npm run test:e2e does).`);
  }
  const files: string[] = [];
  walk(dist, files);
  return files
    .map((file) => {
      const folder = relative(dist, file).split(sep).slice(0, -1).join('/');
      return folder ? `/${folder}/` : '/';
    })
    .sort();
}

export function isChapter(path: string): boolean {
  return path.startsWith('/chapters/');
}

/** A test fixture page's path, or a clear error if the site was built without them (LIGHTBOX_FIXTURES=1). */
export function fixturePage(name: string, dist: string = DIST): string {
  if (!existsSync(join(dist, 'fixtures', name, 'index.html'))) {
    throw new Error(`No /fixtures/${name}/ in ${dist}: build with LIGHTBOX_FIXTURES=1 (npm run test:e2e does).`);
  }
  return `/fixtures/${name}/`;
}

/** Scroll through the page so that anything loaded near the viewport (widgets, images) loads too. */
export async function scrollThrough(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = page.viewportSize()?.height ?? 700;
  for (let y = 0; y < height; y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState('networkidle');
}
