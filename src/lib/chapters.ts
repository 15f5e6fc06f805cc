/**
 * Pure helpers for the book's structure: chapter slugs from file names, ordering, neighbours and the on-page
 * outline. They take plain data, not Astro entries, so they are unit-tested without Astro.
 */

/** "01-why-machines-read-scans" (the file name without .mdx) → "why-machines-read-scans". */
export function chapterSlug(fileId: string): string {
  const match = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(fileId);
  if (!match?.[2]) {
    throw new Error(
      `Chapter file "${fileId}" must be named NN-slug.mdx (two digits, then lowercase words joined by "-").`,
    );
  }
  return match[2];
}

interface Ordered {
  id: string;
  data: { order: number };
}

/** Chapters by their `order` field; two chapters with one order value throw, naming both. */
export function sortChapters<T extends Ordered>(chapters: readonly T[]): T[] {
  const sorted = [...chapters].sort((a, b) => a.data.order - b.data.order);
  sorted.forEach((chapter, i) => {
    const next = sorted[i + 1];
    if (next && next.data.order === chapter.data.order) {
      throw new Error(`Chapters "${chapter.id}" and "${next.id}" both have order ${chapter.data.order}.`);
    }
  });
  return sorted;
}

export interface Neighbours<T> {
  previous: T | null;
  next: T | null;
}

export function neighbours<T extends Ordered>(sorted: readonly T[], id: string): Neighbours<T> {
  const index = sorted.findIndex((chapter) => chapter.id === id);
  if (index < 0) throw new Error(`Chapter "${id}" is not in the book.`);
  return { previous: sorted[index - 1] ?? null, next: sorted[index + 1] ?? null };
}

/** What a previous/next link needs to know about a chapter. */
export interface ChapterLink {
  href: string;
  title: string;
  order: number;
}

export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

export interface OutlineItem extends Heading {
  children: Heading[];
}

/** h2 sections with their h3 subsections; other depths are left out, an h3 before any h2 stands alone. */
export function outline(headings: readonly Heading[]): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const heading of headings) {
    if (heading.depth === 2) {
      items.push({ ...heading, children: [] });
    } else if (heading.depth === 3) {
      const parent = items[items.length - 1];
      if (parent) parent.children.push(heading);
      else items.push({ ...heading, children: [] });
    }
  }
  return items;
}
