/**
 * The neuron's formula typeset at build time with KaTeX, with placeholders (`data-role="tex-…"`) that run.ts fills
 * with the live numbers. One row per term, like a sum worked on paper, so it stays narrow on a phone.
 */
import katex from 'katex';

function slot(role: string, initial: string): string {
  return `{\\htmlData{role=tex-${role}}{\\text{${initial}}}}`;
}

export function formulaTex(inputCount: number): string {
  const symbols = Array.from({ length: inputCount }, (_, i) => `w_{${i + 1}} x_{${i + 1}}`).join(' + ');
  const rows = Array.from(
    { length: inputCount },
    (_, i) => `&${i === 0 ? '=' : '\\quad +'}\\; ${slot(`w${i}`, 'w')} \\times ${slot(`x${i}`, 'x')}`,
  );
  return [
    '\\begin{aligned}',
    `z &= ${symbols} + b \\\\`,
    ...rows.map((row) => `${row} \\\\`),
    `&\\quad +\\; ${slot('b', 'b')} \\\\`,
    `&= ${slot('z', 'z')} \\\\[0.4em]`,
    `y &= f(z) = ${slot('f', 'f')}(${slot('z2', 'z')}) = ${slot('y', 'y')}`,
    '\\end{aligned}',
  ].join('\n');
}

/** KaTeX HTML only: the numbers change, so a static MathML copy would go stale; run.ts writes a text version. */
export function formulaHtml(inputCount: number): string {
  return katex.renderToString(formulaTex(inputCount), {
    displayMode: true,
    output: 'html',
    strict: false,
    trust: (context) => context.command === '\\htmlData',
  });
}
