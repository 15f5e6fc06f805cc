/** The glossary: every term is used by the chapter said to teach it, in a section the glossary can link to. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY_TERMS } from '../../src/data/glossary';
import { chapterSlug } from '../../src/lib/chapters';
import { alphabetical, glossaryId, sectionOfFirstUse, usesTerm, type SectionHeading } from '../../src/lib/glossary';
import { linkFirstUses } from '../../src/integrations/glossary-links';

const DIR = 'content/chapters';
const bodies = new Map(
  readdirSync(DIR)
    .filter((file) => /^\d\d-.*\.mdx$/.test(file))
    .map((file) => [chapterSlug(file.replace(/\.mdx$/, '')), readFileSync(join(DIR, file), 'utf8')]),
);

/** Headings as Astro lists them, near enough for the test: depth, text, a slug. */
function headingsOf(body: string): SectionHeading[] {
  return [...body.matchAll(/^(#{2,3}) (.*)$/gm)].map((match) => ({
    depth: match[1]!.length,
    text: match[2]!.replace(/[*_`]/g, '').trim(),
    slug: match[2]!.toLowerCase().replace(/\W+/g, '-'),
  }));
}

describe('glossary', () => {
  it.each(GLOSSARY_TERMS.map((term) => [term.term, term] as const))(
    '"%s" is used in a section of the chapter that teaches it',
    (_, term) => {
      const body = bodies.get(term.chapter);
      expect(body, `no chapter ${term.chapter}`).toBeDefined();
      expect(sectionOfFirstUse(body!, headingsOf(body!), term)).not.toBeNull();
    },
  );

  it('has one entry per term and anchor', () => {
    const ids = GLOSSARY_TERMS.map((term) => glossaryId(term.term));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('matches whole words, plurals and other forms, case-insensitively', () => {
    const kernel = { term: 'Kernel', chapter: 'x', definition: '' };
    expect(usesTerm('Two kernels slide.', kernel)).toBe(true);
    expect(usesTerm('The KERNEL.', kernel)).toBe(true);
    expect(usesTerm('kernelised', kernel)).toBe(false);
    expect(
      usesTerm('a CNV lesion', { term: 'Choroidal neovascularisation', forms: ['CNV'], chapter: 'x', definition: '' }),
    ).toBe(true);
  });

  it('links to a section titled with the term before an earlier mention', () => {
    const body = '## One neuron\nIt has an activation function.\n\n## Activation functions\nReLU and sigmoid.';
    const headings = [
      { depth: 2, text: 'One neuron', slug: 'one-neuron' },
      { depth: 2, text: 'Activation functions', slug: 'activation-functions' },
    ];
    const entry = { term: 'Activation function', chapter: 'x', definition: '' };
    expect(sectionOfFirstUse(body, headings, entry)?.slug).toBe('activation-functions');
  });

  it('links to the first section that uses the term, not the text before the first heading', () => {
    const body = 'Stride in the intro.\n\n## Kernels\nno\n\n### Sizes\nA stride of 2.\n\n## Later\nstride again';
    const headings = [
      { depth: 2, text: 'Kernels', slug: 'kernels' },
      { depth: 3, text: 'Sizes', slug: 'sizes' },
      { depth: 2, text: 'Later', slug: 'later' },
    ];
    expect(sectionOfFirstUse(body, headings, { term: 'Stride', chapter: 'x', definition: '' })?.slug).toBe('sizes');
    expect(sectionOfFirstUse(body, headings, { term: 'Padding', chapter: 'x', definition: '' })).toBeNull();
  });

  it('sorts terms alphabetically, ignoring case', () => {
    const terms = ['softmax', 'Bias', 'ReLU'].map((term) => ({ term, chapter: 'x', definition: '' }));
    expect(alphabetical(terms).map((t) => t.term)).toEqual(['Bias', 'ReLU', 'softmax']);
  });
});

describe('glossary links from first use', () => {
  const terms = [
    { term: 'Kernel', chapter: 'x', definition: '' },
    { term: 'Stride', chapter: 'x', definition: '' },
  ];
  type Node = Parameters<typeof linkFirstUses>[0];
  const text = (value: string): Node => ({ type: 'text', value });
  const el = (tagName: string, children: Node[], properties: Record<string, unknown> = {}): Node => ({
    type: 'element',
    tagName,
    properties,
    children,
  });

  it('links the first eligible use of each term once, never inside headings, links, math or widgets', () => {
    const tree = el('root', [
      el('h2', [text('Kernels')]),
      el('p', [text('A kernel slides; a kernel again. The stride.')]),
      el('span', [text('kernel')], { className: ['katex'] }),
      el('lb-widget', [text('stride')]),
    ]);
    const linked = linkFirstUses(tree, terms, (term) => `/glossary/#${glossaryId(term)}`);
    expect(linked).toEqual(['Kernel', 'Stride']);
    const paragraph = tree.children?.[1] as { children: { type: string; tagName?: string; value?: string }[] };
    expect(paragraph.children.map((child) => child.tagName ?? child.value)).toEqual([
      'A ',
      'a',
      ' slides; a kernel again. The ',
      'a',
      '.',
    ]);
    expect(JSON.stringify(tree.children?.[0])).not.toContain('glossary');
    expect(JSON.stringify(tree.children?.[2])).not.toContain('glossary');
    expect(JSON.stringify(tree.children?.[3])).not.toContain('glossary');
  });

  it('leaves a tree without the terms as it was', () => {
    const tree = el('root', [el('p', [text('Nothing to link here.')])]);
    const before = JSON.stringify(tree);
    expect(linkFirstUses(tree, terms, () => '#')).toEqual([]);
    expect(JSON.stringify(tree)).toBe(before);
  });
});
