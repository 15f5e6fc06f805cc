/** The convolution sum typeset at build time with KaTeX, the input and kernel parts marked for colouring. */
import katex from 'katex';

const TEX = String.raw`\begin{gathered} y(i,j) = \sum_{p}\sum_{q} \htmlClass{cv-x}{x(i{+}p,\ j{+}q)}\; \htmlClass{cv-k}{k(p,q)} \\ \htmlClass{cv-k}{k(p,q)} = \htmlClass{cv-k}{w(p,q)} \,/\, d \end{gathered}`;

export function convolutionFormulaHtml(): string {
  return katex.renderToString(TEX, {
    displayMode: true,
    strict: false,
    trust: (context) => context.command === '\\htmlClass',
  });
}
