/**
 * Every "Show the code" excerpt in a chapter is real: each fenced block inside <ShowCode file="…"> appears in the
 * named file, line for line (indentation aside). A line `// …` in an excerpt marks lines left out; the pieces
 * between such lines must each appear in the file, in order.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const DIR = 'content/chapters';
const files = readdirSync(DIR).filter((f) => f.endsWith('.mdx'));
const ELISION = /^\s*(\/\/\s*)?…\s*$/;

const squeeze = (lines: string[]) =>
  lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');

function excerpts(text: string): { file: string; code: string }[] {
  const found: { file: string; code: string }[] = [];
  for (const block of text.matchAll(/<ShowCode file="([^"]+)">([\s\S]*?)<\/ShowCode>/g)) {
    for (const fence of (block[2] ?? '').matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
      found.push({ file: block[1] ?? '', code: fence[1] ?? '' });
    }
  }
  return found;
}

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  const blocks = excerpts(text);

  test('every <ShowCode> holds at least one fenced excerpt', () => {
    const opened = (text.match(/<ShowCode /g) ?? []).length;
    expect(new Set(blocks.map((b) => b.file)).size).toBeLessThanOrEqual(opened);
    if (opened > 0) expect(blocks.length).toBeGreaterThanOrEqual(opened);
  });

  test.each(blocks.map((b, i) => [i, b] as const))(
    'excerpt %i is copied from its file',
    (_, { file: source, code }) => {
      expect(existsSync(source), source).toBe(true);
      const haystack = squeeze(readFileSync(source, 'utf8').split('\n'));
      let from = 0;
      const pieces: string[][] = [[]];
      for (const line of code.split('\n')) {
        if (ELISION.test(line)) pieces.push([]);
        else pieces.at(-1)?.push(line);
      }
      for (const piece of pieces.map(squeeze).filter((p) => p !== '')) {
        const at = haystack.indexOf(piece, from);
        expect(at, `${source} does not hold, after the previous piece:\n${piece}`).toBeGreaterThanOrEqual(0);
        from = at + piece.length;
      }
    },
  );
});
