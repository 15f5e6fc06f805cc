/**
 * The search page's results, from the Pagefind index built with the site (src/integrations/offline.ts): works
 * offline (the index is precached) and under a sub-path. The header's search field drives it: Enter submits the
 * form (a new page load with ?q=), and typing on the search page updates the results in place. The count goes to a
 * live region, so a screen reader hears how many results there are; each result is a link to its section.
 */
import { sitePath } from '../paths';

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}

interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: PagefindSubResult[];
}

interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(query: string): Promise<{ results: { data(): Promise<PagefindData> }[] } | null>;
}

const MAX_RESULTS = 20;
const TYPING_DELAY_MS = 200;

let pagefind: Promise<Pagefind> | null = null;

function loadPagefind(): Promise<Pagefind> {
  pagefind ??= (import(/* @vite-ignore */ sitePath('pagefind/pagefind.js')) as Promise<Pagefind>).then(
    async (module) => {
      await module.options({ baseUrl: sitePath(''), excerptLength: 24 });
      return module;
    },
  );
  return pagefind;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Pagefind escapes excerpt text as HTML: back to plain text (named entities it uses, and numeric ones). */
function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Pagefind's excerpt is escaped text with <mark> around the matches: rebuilt as nodes, never parsed as HTML. */
function excerptNodes(excerpt: string): Node[] {
  return excerpt.split(/(<mark>.*?<\/mark>)/g).map((piece) => {
    const match = /^<mark>(.*)<\/mark>$/.exec(piece);
    if (!match) return document.createTextNode(unescapeHtml(piece));
    const mark = document.createElement('mark');
    mark.textContent = unescapeHtml(match[1] ?? '');
    return mark;
  });
}

function resultItem(data: PagefindData): HTMLLIElement {
  const best = data.sub_results?.[0];
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = best?.url ?? data.url;
  link.textContent = data.meta.title ?? data.url;
  const heading = document.createElement('p');
  heading.className = 'search-result__title';
  heading.append(link);
  if (best && best.title !== data.meta.title) heading.append(` › ${best.title}`);
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(best?.excerpt ?? data.excerpt));
  item.append(heading, excerpt);
  return item;
}

async function showResults(query: string, list: HTMLOListElement, status: HTMLElement): Promise<void> {
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = 'Type a word or phrase to search every chapter, figure and model card.';
    return;
  }
  status.textContent = 'Searching…';
  try {
    const search = await (await loadPagefind()).search(query);
    const found = search?.results ?? [];
    const shown = await Promise.all(found.slice(0, MAX_RESULTS).map((result) => result.data()));
    list.replaceChildren(...shown.map(resultItem));
    const more = found.length > shown.length ? ` (the first ${shown.length} shown)` : '';
    status.textContent =
      found.length === 0
        ? `No results for “${query}”. Try a shorter or different word.`
        : `${found.length} result${found.length === 1 ? '' : 's'} for “${query}”${more}.`;
  } catch (error) {
    list.replaceChildren();
    status.textContent = `Search is not available: ${error instanceof Error ? error.message : String(error)}. The index is built with the site (npm run build).`;
  }
}

/** Shows the results for ?q= and follows what the reader types in the header's search field. */
export function bindSearchPage(list: HTMLOListElement, status: HTMLElement): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('[data-site-search] input[name="q"]');
  const query = new URLSearchParams(location.search).get('q') ?? '';
  if (input) {
    input.value = query;
    let timer: ReturnType<typeof setTimeout> | undefined;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const url = new URL(location.href);
        url.searchParams.set('q', input.value);
        history.replaceState(null, '', url);
        void showResults(input.value, list, status);
      }, TYPING_DELAY_MS);
    });
  }
  return showResults(query, list, status);
}
