/**
 * Prints the figures issue 9 asks to watch, for any checkout: `npm run code-health [-- --root DIR]`.
 * - widget start-up copies: run modules that construct the runtime, runner and reset handling themselves;
 * - DOM helper copies: local `part`/`setText` functions outside src/lib/view/dom.ts;
 * - lines over 120 characters, files over 400 lines, functions over 60 lines (functions: sources, not tests);
 * - the ten longest functions.
 * Figures, not a gate: ESLint enforces the limits.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const { values } = parseArgs({ options: { root: { type: 'string', default: process.cwd() } } });
const root = values.root;
const files = execFileSync('git', ['ls-files', '*.ts', '*.astro', '*.mjs'], { cwd: root })
  .toString()
  .split('\n')
  .filter((f) => f && !f.startsWith('public/'));

interface FunctionSpan {
  file: string;
  name: string;
  lines: number;
}

function functionSpans(file: string, text: string): FunctionSpan[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = (node as ts.FunctionLikeDeclaration).name;
      spans.push({ file, name: named ? named.getText(source) : '(anonymous)', lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

function main(): void {
  let longLines = 0;
  const bigFiles: string[] = [];
  const spans: FunctionSpan[] = [];
  let startupCopies = 0;
  let helperCopies = 0;
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.split('\n');
    longLines += lines.filter((l) => l.length > 120).length;
    if (!file.endsWith('.ts')) continue;
    if (lines.length > 400) bigFiles.push(`${file} (${lines.length})`);
    // Functions are measured in the sources, not in test suites (whose describe blocks ESLint also exempts).
    if (!file.startsWith('tests/')) spans.push(...functionSpans(file, text));
    if (file.startsWith('src/components/') && /startRuntime\(|afterRuntimeReset\(|new WidgetChrome\(/.test(text)) {
      startupCopies++;
    }
    if (file !== 'src/lib/view/dom.ts') helperCopies += (text.match(/function (part|setText)\b/g) ?? []).length;
  }
  const longest = [...spans].sort((a, b) => b.lines - a.lines);
  const out = [
    `widget run modules with their own start-up: ${startupCopies}`,
    `local part()/setText() helpers: ${helperCopies}`,
    `lines over 120 characters: ${longLines}`,
    `TypeScript files over 400 lines: ${bigFiles.length}${bigFiles.length ? ` (${bigFiles.join(', ')})` : ''}`,
    `functions over 60 lines: ${spans.filter((s) => s.lines > 60).length}`,
    'ten longest functions:',
    ...longest.slice(0, 10).map((s) => `  ${String(s.lines).padStart(4)}  ${s.file}  ${s.name}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
