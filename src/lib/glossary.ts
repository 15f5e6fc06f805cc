/**
 * The glossary: the terms the book teaches, each with a short definition and the chapter that teaches it. Where in
 * that chapter is derived, never typed: the first section (h2 or h3) whose text uses the term or one of its forms
 * (`sectionOfFirstUse`), so a reworded chapter moves the link with it, and a chapter that stops using a term fails
 * tests/unit/glossary.test.ts instead of leaving a dead link. Pure: unit-tested without Astro.
 */
export interface GlossaryTerm {
  term: string;
  /** Other spellings the chapters use (abbreviation, plural, long form). */
  forms?: readonly string[];
  /** The chapter (slug) that teaches it. */
  chapter: string;
  definition: string;
}

export interface SectionHeading {
  depth: number;
  slug: string;
  text: string;
}

/** Terms sorted as a reader looks them up (case-insensitive). */
export function alphabetical(terms: readonly GlossaryTerm[]): GlossaryTerm[] {
  return [...terms].sort((a, b) => a.term.localeCompare(b.term, 'en-GB', { sensitivity: 'base' }));
}

/** The anchor id of a term's entry on the glossary page. */
export function glossaryId(term: string): string {
  return `term-${term
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `text` uses the term or one of its forms as a word (case-insensitive; an English plural counts). */
export function usesTerm(text: string, entry: GlossaryTerm): boolean {
  return [entry.term, ...(entry.forms ?? [])].some((form) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(form)}(e?s)?(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text),
  );
}

/** Markdown heading text as Astro renders it: emphasis, code and links reduced to their words. */
function plainHeading(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
}

/** Heading texts compared as words: typographic quotes and spacing do not matter. */
function sameText(a: string, b: string): boolean {
  const plain = (text: string): string => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
  return plain(a) === plain(b);
}

/**
 * Where a chapter (its MDX `body`) teaches a term: the first h2/h3 whose own title uses it, else the first section
 * whose text does, matched to the chapter's rendered `headings` by text; null when the chapter never uses it (text
 * before the first heading does not count).
 */
export function sectionOfFirstUse(
  body: string,
  headings: readonly SectionHeading[],
  entry: GlossaryTerm,
): SectionHeading | null {
  const parts = body.split(/^(#{2,3} .*)$/m);
  const sections: { title: string; text: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    sections.push({ title: plainHeading((parts[i] ?? '').replace(/^#+ /, '')), text: parts[i + 1] ?? '' });
  }
  const titled = sections.find((section) => usesTerm(section.title, entry));
  const used = sections.filter((section) => usesTerm(`${section.title}\n${section.text}`, entry));
  for (const section of titled ? [titled, ...used] : used) {
    const heading = headings.find((h) => h.depth <= 3 && sameText(h.text, section.title));
    if (heading) return heading;
  }
  return null;
}
