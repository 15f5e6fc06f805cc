/**
 * Every chapter teaches with answers, not only prompts: each <TryThis> holds one <Hint> and one <Answer>, no bare
 * "Try this." paragraph is left, and the chapter ends with "Check your understanding": 3 to 5 <Question>s, each with
 * an <Answer>.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const DIR = 'content/chapters';
const files = readdirSync(DIR).filter((f) => f.endsWith('.mdx'));

function blocks(text: string, tag: string): string[] {
  return [...text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

const count = (text: string, tag: string) => (text.match(new RegExp(`<${tag}>`, 'g')) ?? []).length;

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');

  test('every Try this has one hint and one answer', () => {
    const prompts = blocks(text, 'TryThis');
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      expect([count(prompt, 'Hint'), count(prompt, 'Answer')]).toEqual([1, 1]);
    }
    expect(text).not.toMatch(/^\s*\*{1,2}Try this\.?\*{1,2}/m);
  });

  test('ends with 3 to 5 check questions, each with an answer', () => {
    const heading = text.indexOf('## Check your understanding');
    expect(heading).toBeGreaterThan(0);
    const questions = blocks(text.slice(heading), 'Question');
    expect(questions.length).toBeGreaterThanOrEqual(3);
    expect(questions.length).toBeLessThanOrEqual(5);
    for (const question of questions) expect(count(question, 'Answer')).toBe(1);
  });
});
