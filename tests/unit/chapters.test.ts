import { describe, expect, it } from 'vitest';
import { chapterSlug, neighbours, outline, sortChapters } from '../../src/lib/chapters';
import { chapterPath, sitePath } from '../../src/lib/paths';

const chapter = (id: string, order: number) => ({ id, data: { order } });

describe('chapterSlug', () => {
  it('drops the two-digit prefix', () => {
    expect(chapterSlug('01-why-machines-read-scans')).toBe('why-machines-read-scans');
  });

  it('rejects names that are not NN-slug', () => {
    expect(() => chapterSlug('1-intro')).toThrow('Chapter file "1-intro" must be named NN-slug.mdx');
    expect(() => chapterSlug('01-Intro')).toThrow(/must be named NN-slug\.mdx/);
  });
});

describe('sortChapters and neighbours', () => {
  const book = sortChapters([chapter('c', 3), chapter('a', 1), chapter('b', 2)]);

  it('orders by the order field', () => {
    expect(book.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses two chapters with one order', () => {
    expect(() => sortChapters([chapter('a', 1), chapter('b', 1)])).toThrow('Chapters "a" and "b" both have order 1.');
  });

  it('gives previous and next, null at the ends', () => {
    expect(neighbours(book, 'a')).toEqual({ previous: null, next: book[1] });
    expect(neighbours(book, 'b')).toEqual({ previous: book[0], next: book[2] });
    expect(neighbours(book, 'c')).toEqual({ previous: book[1], next: null });
    expect(() => neighbours(book, 'z')).toThrow('Chapter "z" is not in the book.');
  });
});

describe('outline', () => {
  it('nests h3 under the preceding h2 and leaves out other depths', () => {
    const items = outline([
      { depth: 3, slug: 'orphan', text: 'Orphan' },
      { depth: 2, slug: 'one', text: 'One' },
      { depth: 3, slug: 'one-a', text: 'One a' },
      { depth: 4, slug: 'deep', text: 'Deep' },
      { depth: 2, slug: 'two', text: 'Two' },
    ]);
    expect(items.map((i) => [i.slug, i.children.map((c) => c.slug)])).toEqual([
      ['orphan', []],
      ['one', ['one-a']],
      ['two', []],
    ]);
  });
});

describe('site paths', () => {
  it('joins paths to the base', () => {
    expect(sitePath('about/', '/')).toBe('/about/');
    expect(sitePath('/about/', '/book')).toBe('/book/about/');
    expect(chapterPath('why-machines-read-scans', '/book/')).toBe('/book/chapters/why-machines-read-scans/');
  });
});
