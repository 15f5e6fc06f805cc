/** Site-internal links that respect Astro's `base` (the site is built for '/', but may be served from a folder). */
export function sitePath(path: string, base: string = import.meta.env.BASE_URL): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return `${root}${path.replace(/^\/+/, '')}`;
}

export function chapterPath(slug: string, base?: string): string {
  return sitePath(`chapters/${slug}/`, base);
}
