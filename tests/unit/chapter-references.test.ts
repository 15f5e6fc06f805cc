/** The chapters never promise a chapter the book does not have: every "chapter N" they name exists. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const DIR = 'content/chapters';
const files = readdirSync(DIR).filter((f) => f.endsWith('.mdx'));
const orders = new Set(files.map((f) => Number(f.slice(0, 2))));

test.each(files)('%s names only chapters that exist', (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  const named = [...text.matchAll(/\bchapters? (\d+)(?:(?:,| and| or|–) (\d+))?/gi)].flatMap((m) =>
    [m[1], m[2]].filter((n): n is string => n !== undefined).map(Number),
  );
  expect(named.filter((n) => !orders.has(n))).toEqual([]);
});
