/**
 * Citation numbering for one page: works are numbered in order of first citation. The order is read from the
 * page's MDX source (every `<Cite key="…"` in document order), which is simple and deterministic.
 */
import { bibEntry } from './bibliography';

const CITE_TAG = /<Cite\b[^>]*?\bkey=(?:"([^"]*)"|'([^']*)')/g;

/** The distinct keys cited in an MDX body, in order of first citation. Unknown keys throw (see bibEntry). */
export function citedKeys(body: string): string[] {
  const keys: string[] = [];
  for (const match of body.matchAll(CITE_TAG)) {
    const key = match[1] ?? match[2] ?? '';
    bibEntry(key);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** The 1-based number of `key` on a page whose cited keys are `order`. A key the page scan missed throws. */
export function citationNumber(order: readonly string[], key: string): number {
  bibEntry(key);
  const index = order.indexOf(key);
  if (index < 0) {
    throw new Error(
      `Citation "${key}" is rendered but was not found in the page source scan (${order.length} keys found). ` +
        'Write it literally as <Cite key="…" /> in the MDX file so the page can number it.',
    );
  }
  return index + 1;
}
