/**
 * "Linked from first use": a rehype plugin that links the first use of each glossary term in the book to its
 * glossary entry. The first use is the earliest chapter (by file order) whose prose uses the term; in that chapter the
 * first eligible occurrence becomes the link. Headings, links, code, math, widgets and teaching components (MDX
 * elements) are never touched, so a term used first inside one of them is linked at its next eligible use in that
 * chapter, or not at all. Pure hast work on plain objects; unit-tested without Astro.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GLOSSARY_TERMS } from '../data/glossary';
import { glossaryId, type GlossaryTerm } from '../lib/glossary';

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const SKIPPED_TAGS = new Set([
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'code',
  'pre',
  'kbd',
  'script',
  'style',
  'svg',
  'math',
  'button',
  'label',
  'select',
  'option',
  'textarea',
  'summary',
  'nav',
]);

function skipped(node: HastNode): boolean {
  if (node.type.startsWith('mdxJsx') || node.type.startsWith('mdxFlow') || node.type.startsWith('mdxText')) return true;
  if (node.type !== 'element' || !node.tagName) return false;
  if (SKIPPED_TAGS.has(node.tagName) || node.tagName.includes('-')) return true;
  const className = node.properties?.className;
  const classes = Array.isArray(className) ? className.map(String) : String(className ?? '').split(/\s+/);
  return classes.some((name) => name.startsWith('katex'));
}

function termPattern(entry: GlossaryTerm): RegExp {
  const forms = [entry.term, ...(entry.forms ?? [])]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu');
}

/** Links the first eligible occurrence of each term in `tree`; returns the terms it linked. */
export function linkFirstUses(
  tree: HastNode,
  terms: readonly GlossaryTerm[],
  href: (term: string) => string,
): string[] {
  const pending = new Map(terms.map((entry) => [entry.term, termPattern(entry)]));
  const linked: string[] = [];
  const visit = (node: HastNode): void => {
    if (!node.children || skipped(node)) return;
    const next: HastNode[] = [];
    for (const child of node.children) {
      if (child.type !== 'text' || pending.size === 0) {
        visit(child);
        next.push(child);
        continue;
      }
      next.push(...splitText(child.value ?? '', pending, href, linked));
    }
    node.children = next;
  };
  visit(tree);
  return linked;
}

function splitText(
  text: string,
  pending: Map<string, RegExp>,
  href: (term: string) => string,
  linked: string[],
): HastNode[] {
  let best: { term: string; index: number; length: number } | null = null;
  for (const [term, pattern] of pending) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = { term, index: match.index, length: match[0].length };
  }
  if (!best) return [{ type: 'text', value: text }];
  pending.delete(best.term);
  linked.push(best.term);
  const link: HastNode = {
    type: 'element',
    tagName: 'a',
    properties: { href: href(best.term), className: ['glossary-link'], title: `${best.term}: in the glossary` },
    children: [{ type: 'text', value: text.slice(best.index, best.index + best.length) }],
  };
  const before: HastNode[] = best.index > 0 ? [{ type: 'text', value: text.slice(0, best.index) }] : [];
  return [...before, link, ...splitText(text.slice(best.index + best.length), pending, href, linked)];
}

/** The chapter file (name) in which each term is first used, by file order (NN-slug.mdx). */
function firstUseChapters(dir: string, terms: readonly GlossaryTerm[]): Map<string, GlossaryTerm[]> {
  const files = readdirSync(dir)
    .filter((file) => /^\d\d-.*\.mdx$/.test(file))
    .sort();
  const bodies = files.map((file) => readFileSync(join(dir, file), 'utf8').replace(/^---[\s\S]*?\n---\n/, ''));
  const byFile = new Map<string, GlossaryTerm[]>();
  for (const entry of terms) {
    const index = bodies.findIndex((body) => termPattern(entry).test(body));
    const file = files[index];
    if (file) byFile.set(file, [...(byFile.get(file) ?? []), entry]);
  }
  return byFile;
}

/** The plugin for astro.config.mjs: `[glossaryLinks, { base, chapters: 'content/chapters' }]`. */
export function glossaryLinks(options: { base: string; chapters: string }) {
  const byFile = firstUseChapters(options.chapters, GLOSSARY_TERMS);
  const href = (term: string): string => `${options.base.replace(/\/?$/, '/')}glossary/#${glossaryId(term)}`;
  return (tree: HastNode, file: { path?: string; history?: string[] }): void => {
    const path = file.path ?? file.history?.[0] ?? '';
    const terms = byFile.get(basename(path));
    if (terms && path.includes('chapters')) linkFirstUses(tree, terms, href);
  };
}
