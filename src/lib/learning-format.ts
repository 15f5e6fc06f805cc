/** How chapter 6 writes a measured accuracy (shared by the chapter's figures and the tests that find them on the page). */
import { wilson, type Estimate } from './model/evaluation/metrics';

/** A validation accuracy (a share of `total` films) as a count with its 95 % Wilson interval. */
export function accuracyEstimate(accuracy: number, total: number): Estimate {
  return wilson(Math.round(accuracy * total), total);
}

/** A proportion as "97.4 % [96.1, 98.3]". */
export function percentWithInterval(e: Estimate): string {
  const pct = (v: number): string => (v * 100).toFixed(1);
  return `${pct(e.value)} % [${pct(e.low)}, ${pct(e.high)}]`;
}
