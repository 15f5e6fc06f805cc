import { describe, expect, it } from 'vitest';
import { countWords, proseOf, readingTime, WORDS_PER_MINUTE } from '../../src/lib/reading-time';

describe('readingTime', () => {
  it('reads at 200 words per minute by default', () => {
    expect(WORDS_PER_MINUTE).toBe(200);
  });

  it('rounds up to whole minutes', () => {
    expect(readingTime(Array(201).fill('word').join(' '))).toEqual({ words: 201, minutes: 2 });
    expect(readingTime(Array(200).fill('word').join(' '))).toEqual({ words: 200, minutes: 1 });
  });

  it('is at least one minute, even for an empty body', () => {
    expect(readingTime('')).toEqual({ words: 0, minutes: 1 });
  });

  it('takes another reading speed', () => {
    expect(readingTime(Array(300).fill('word').join(' '), 100).minutes).toBe(3);
  });

  it('rejects a speed that is not positive', () => {
    expect(() => readingTime('a b', 0)).toThrow('wordsPerMinute must be positive, got 0.');
  });
});

describe('proseOf', () => {
  it('drops imports, exports, tags, code and display math, and keeps the prose inside tags', () => {
    const body = [
      "import Figure from '../../src/components/Figure.astro';",
      'export const x = 1;',
      'A retina clinic <Cite key="kermany2018" /> has scans.',
      '<Figure width="l-page">',
      '  <div slot="caption">Caption words</div>',
      '</Figure>',
      '```ts',
      'const code = "not prose";',
      '```',
      '$$',
      'p_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}',
      '$$',
    ].join('\n');
    expect(countWords(proseOf(body))).toBe(7);
  });

  it('counts inline math as one word and keeps link text but not the address', () => {
    expect(countWords(proseOf('the softmax $p_k = e^{z_k}$ of [the scores](https://example.org/a b)'))).toBe(6);
  });
});

describe('countWords', () => {
  it('ignores tokens without letters or digits', () => {
    expect(countWords('CNV — DME, drusen … 96.6% *')).toBe(4);
  });
});
