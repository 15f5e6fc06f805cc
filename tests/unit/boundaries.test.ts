/**
 * Architecture rules, checked on the source text: src/lib and src/components run in the browser (no Node modules,
 * nothing from src/node; for components this includes the .astro files), the model library is DOM-free (it also
 * runs in Node), and every source file stays small and clean.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC_NODE = join(ROOT, 'src/node');

function walk(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path, keep);
      return keep(path) ? [path] : [];
    });
}

const rel = (path: string) => relative(ROOT, path);
const isTs = (path: string) => /\.tsx?$/.test(path);
/** Code that can import: TypeScript, JavaScript and Astro components (frontmatter and client scripts alike). */
const isCode = (path: string) => /\.(tsx?|m?js|astro)$/.test(path);
/** Hand-written source (data such as JSON is exempt from the line limit). */
const isSource = (path: string) => /\.(tsx?|m?js|astro|css|mdx?)$/.test(path);

/** Module specifiers of static imports, re-exports, dynamic imports and require calls. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] ?? '');
  return found;
}

const NODE_ONLY = /^(node:|fs$|fs\/|path$|path\/|os$|child_process$|url$|sharp$|@tensorflow\/tfjs-node)/;

function forbiddenImport(file: string, specifier: string): string | null {
  if (NODE_ONLY.test(specifier)) return specifier;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target === SRC_NODE || target.startsWith(`${SRC_NODE}/`)) return specifier;
  }
  if (/(^|\/)src\/node(\/|$)/.test(specifier)) return specifier;
  return null;
}

/** Drops comments so that prose mentioning `window` does not count. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const DOM_GLOBALS = ['document', 'window', 'HTMLElement'];

/**
 * Uses of the DOM globals: the bare names, not property names (`x.window`), object keys, or a local variable
 * that happens to be called `window` (e.g. a convolution window) declared in the same file.
 */
function domReferences(text: string): string[] {
  const code = stripComments(text).replace(/(['"])(?:\\.|(?!\1).)*\1/g, "''");
  // Declared locally: const/let/var/function/class, or a typed parameter `(window: number`.
  const names = DOM_GLOBALS.filter(
    (name) =>
      !new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b`).test(code) &&
      !new RegExp(`[(,]\\s*${name}\\s*:`).test(code),
  );
  return code
    .split('\n')
    .flatMap((line, i) =>
      names
        .filter((name) => new RegExp(`(^|[^.\\w$])${name}\\b(?!\\s*:[^:])`).test(line))
        .map((name) => `${i + 1}: ${name}: ${line.trim()}`),
    );
}

describe('the DOM scanner itself', () => {
  test('flags the globals, not locals, properties, keys, comments or strings', () => {
    expect(domReferences('const w = window.innerWidth;')).toHaveLength(1);
    expect(domReferences('document.createElement("canvas");')).toHaveLength(1);
    expect(domReferences('function f(el: HTMLElement) {}')).toHaveLength(1);
    expect(domReferences('const window = slice(x);\nconst [n] = window.shape;')).toEqual([]);
    expect(domReferences('function f(a: number, window: number) {\n  return `${window}`;\n}')).toEqual([]);
    expect(domReferences('info.window = 3; const o = { document: 1 }; // window\nconst s = "window";')).toEqual([]);
  });
});

describe('the import scanner itself', () => {
  test('finds every import form and flags Node-only targets', () => {
    const text =
      `import fs from 'node:fs';\nimport { x } from "../../node/dataset";\nimport type { T } from 'sharp';\n` +
      `export * from 'path';\nconst m = await import('@tensorflow/tfjs-node');\nimport './side-effect';\nimport * as tf from '@tensorflow/tfjs';`;
    const specifiers = importsOf(text);
    expect(specifiers).toEqual(
      expect.arrayContaining([
        'node:fs',
        '../../node/dataset',
        'sharp',
        'path',
        '@tensorflow/tfjs-node',
        './side-effect',
        '@tensorflow/tfjs',
      ]),
    );
    const file = join(ROOT, 'src/lib/model/example.ts');
    expect(
      specifiers
        .map((s) => forbiddenImport(file, s))
        .filter(Boolean)
        .sort(),
    ).toEqual(['node:fs', '../../node/dataset', 'sharp', 'path', '@tensorflow/tfjs-node'].sort());
    expect(forbiddenImport(file, '@tensorflow/tfjs')).toBeNull();
    expect(forbiddenImport(file, './preprocess')).toBeNull();
    expect(forbiddenImport(file, '../node-helpers')).toBeNull(); // src/lib/node-helpers, not src/node
    expect(forbiddenImport(file, 'pathe')).toBeNull();
  });
});

describe('src/lib is browser-safe', () => {
  const files = walk(join(ROOT, 'src/lib'), isCode);

  test('there are library files to check', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.map(rel)).toContain('src/lib/model/evaluation/metrics.ts');
  });

  test('no file imports node:*, fs, path, sharp, @tensorflow/tfjs-node or anything under src/node', () => {
    expect(nodeImports(files)).toEqual([]);
  });

  test('src/lib/model is DOM-free: no document, window or HTMLElement', () => {
    const offences = walk(join(ROOT, 'src/lib/model'), isTs).flatMap((file) =>
      domReferences(readFileSync(file, 'utf8')).map((where) => `${rel(file)}:${where}`),
    );
    expect(offences).toEqual([]);
  });
});

/** Node-only imports (node:*, fs, path, sharp, @tensorflow/tfjs-node, src/node) in these files, one line each. */
function nodeImports(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .map((specifier) => forbiddenImport(file, specifier))
      .filter((bad): bad is string => bad !== null)
      .map((bad) => `${rel(file)} imports ${bad}`),
  );
}

describe('src/components is browser-safe', () => {
  const files = walk(join(ROOT, 'src/components'), isCode);

  test('there are component files to check, .astro and .ts', () => {
    expect(files.map(rel)).toContain('src/components/PlotFigure.astro');
    expect(files.map(rel)).toContain('src/components/Neuron/run.ts');
  });

  test('no file imports node:*, fs, path, sharp, @tensorflow/tfjs-node or anything under src/node', () => {
    expect(nodeImports(files)).toEqual([]);
  });

  test('the scanner sees imports in an .astro file, frontmatter and client script alike', () => {
    const file = join(ROOT, 'src/components/Example/Example.astro');
    const text =
      `---\nimport { readFileSync } from 'node:fs';\nimport Figure from '../Figure.astro';\n---\n` +
      `<script>\n  import { run } from '../../node/runtime';\n  import sharp from 'sharp';\n</script>`;
    expect(
      importsOf(text)
        .map((s) => forbiddenImport(file, s))
        .filter(Boolean),
    ).toEqual(['node:fs', '../../node/runtime', 'sharp']);
  });
});

describe('source hygiene in src/ and scripts/', () => {
  const files = [...walk(join(ROOT, 'src'), isSource), ...walk(join(ROOT, 'scripts'), isSource)];

  test('no console.log', () => {
    const offences = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bconsole\.log\b/.test(line) ? [`${rel(file)}:${i + 1}`] : [])),
    );
    expect(offences).toEqual([]);
  });

  test('no merge-conflict markers', () => {
    const offences = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/^(<{7}|={7}|>{7})(\s|$)/.test(line) ? [`${rel(file)}:${i + 1}`] : [])),
    );
    expect(offences).toEqual([]);
  });

  test('no file longer than 400 lines', () => {
    const long = files
      .map((file) => ({ file: rel(file), lines: readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });
});

describe('tests/unit stays within the same limits', () => {
  test('each unit test file is at most 400 lines', () => {
    const long = walk(join(ROOT, 'tests/unit'), isTs)
      .map((file) => ({ file: rel(file), lines: readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });
});
