/**
 * The scans behind a confusion cell: the test rows the cell counts at this threshold, most confident first (for
 * errors: the most confidently wrong), shown a page at a time with their scores; each links to the explanations
 * chapter when it exists. Without installed scans, the ids and scores are listed instead.
 */
import type { BinaryJudging } from '../../lib/model/evaluation/judging';
import { cellOf } from '../../lib/model/evaluation/judging';
import { part as partOf } from '../../lib/view/dom';
import { scanUrl, type ScanIndex } from '../../lib/view/head-scores';
import type { Cell } from './state';
import { STRINGS } from './strings';

const part = <T extends Element = HTMLElement>(root: ParentNode, role: string): T =>
  partOf<T>(root, role, 'ROC explorer');
export const PAGE = 12;

export interface CellRow {
  id: string;
  score: number;
  truth: number;
}

/** The rows a cell holds, ordered by how confidently the model called them (descending score for calls of positive). */
export function cellRows(j: BinaryJudging, threshold: number, cell: Exclude<Cell, 'none'>): CellRow[] {
  const rows = j.test.rows
    .map((row, i) => ({
      id: row.id,
      truth: row.truth,
      score: j.test.scores[i] as number,
      positive: j.test.isPositive[i] === true,
    }))
    .filter((r) => cellOf(r.score, r.positive, threshold) === cell);
  const calledPositive = cell === 'tp' || cell === 'fp';
  return rows
    .sort((a, b) => (calledPositive ? b.score - a.score : a.score - b.score) || a.id.localeCompare(b.id))
    .map(({ id, score, truth }) => ({ id, score, truth }));
}

export interface ScanView {
  classes: readonly string[];
  positiveName: string;
  index: ScanIndex;
  /** The explanations chapter's URL for a scan, or null while that chapter cannot take one. */
  explainUrl: (scoreId: string) => string | null;
}

/** Shows the first `shown` rows of the cell; returns how many scans (images) are on screen. */
export function showScans(
  root: HTMLElement,
  cell: Cell,
  rows: readonly CellRow[],
  shown: number,
  view: ScanView,
): number {
  const section = part(root, 'scans');
  section.hidden = cell === 'none';
  if (cell === 'none') return 0;
  part(root, 'scans-heading').textContent = STRINGS.scansHeading(cell, rows.length);
  const list = part(root, 'scan-list');
  const doc = root.ownerDocument;
  let images = 0;
  const items = rows.slice(0, shown).map((row) => {
    const li = doc.createElement('li');
    const scan = view.index.find(row.id);
    if (scan) {
      const img = doc.createElement('img');
      img.src = scanUrl(scan);
      img.loading = 'lazy';
      img.width = 112;
      img.height = 112;
      img.alt = STRINGS.scanAlt(view.classes[row.truth] ?? '', scan.id, row.score, view.positiveName);
      li.append(img);
      images++;
    }
    const caption = doc.createElement('span');
    caption.textContent = STRINGS.scanCaption(row.id.split('/').pop() ?? row.id, row.score, view.positiveName);
    li.append(caption);
    const href = view.explainUrl(row.id);
    if (href) {
      const a = doc.createElement('a');
      a.href = href;
      a.textContent = STRINGS.explain;
      li.append(a);
    }
    return li;
  });
  list.replaceChildren(...items);
  part(root, 'scans-empty').hidden = rows.length > 0;
  const more = part<HTMLButtonElement>(root, 'more');
  more.hidden = shown >= rows.length;
  more.textContent = STRINGS.more(Math.min(PAGE, rows.length - shown));
  const note = part(root, 'scans-note');
  const coverage = view.index.coverage;
  note.textContent =
    coverage === 'whole'
      ? ''
      : coverage === 'gallery'
        ? STRINGS.galleryOnly(rows.filter((r) => view.index.find(r.id)).length, rows.length)
        : STRINGS.noScansInstalled;
  note.hidden = coverage === 'whole';
  return images;
}
