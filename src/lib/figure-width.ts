/** Distill's figure widths: the prose measure, wider into the margins, or edge to edge (see src/styles/global.css). */
const FIGURE_WIDTHS = ['l-body', 'l-page', 'l-screen'] as const;
export type FigureWidth = (typeof FIGURE_WIDTHS)[number];
