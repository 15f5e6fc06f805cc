/**
 * Valid ARIA for Observable Plot charts. Plot names the <g> element of each mark and axis with aria-label ("bar",
 * "x-axis tick", …) but gives it no role, and ARIA prohibits naming an element that has none (axe rule
 * aria-prohibited-attr). role="group" makes each a named group of the chart, which is what Plot means by them.
 * Framework-free: call it on a chart rendered at build time (linkedom) or on a live chart in the page.
 */

/** Gives every aria-labelled <g> without a role inside `chart` role="group"; returns how many it changed. */
export function labelPlotGroups(chart: ParentNode): number {
  const groups = Array.from(chart.querySelectorAll('g[aria-label]:not([role])'));
  for (const group of groups) group.setAttribute('role', 'group');
  return groups.length;
}
