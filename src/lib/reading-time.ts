/**
 * Reading time of a chapter from its MDX body, for the table of contents. Framework-free so it is unit-tested alone.
 * Counted: the prose a reader reads. Not counted: ESM import/export lines, JSX/HTML tags and their attributes,
 * fenced code and math (a reader studies those rather than reads them; the widgets get their own time on the page).
 */

/** Adult silent reading speed for technical prose, in words per minute. */
export const WORDS_PER_MINUTE = 200;

export interface ReadingTime {
  words: number;
  /** Whole minutes, rounded up, at least 1. */
  minutes: number;
}

/** The MDX body reduced to the words a reader reads. */
export function proseOf(body: string): string {
  return body
    .replace(/^```[\s\S]*?^```/gm, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]+\$/g, ' math ')
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ')
    .replace(/\]\([^)]*\)/g, ' ');
}

/** Words are runs of non-space characters that contain at least one letter or digit. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export function readingTime(body: string, wordsPerMinute: number = WORDS_PER_MINUTE): ReadingTime {
  if (!(wordsPerMinute > 0)) throw new RangeError(`wordsPerMinute must be positive, got ${wordsPerMinute}.`);
  const words = countWords(proseOf(body));
  return { words, minutes: Math.max(1, Math.ceil(words / wordsPerMinute)) };
}
