/**
 * A plain static host for the sub-path e2e test, behaving like GitHub Pages: serves LIGHTBOX_BASE_DIST under
 * LIGHTBOX_BASE only (anything outside the base is a 404, so a URL that ignores the base fails the test), redirects a
 * folder without its trailing slash, serves folder/index.html, and sends wasm as application/wasm.
 * `npx tsx tests/e2e/static-server.ts` (PORT, LIGHTBOX_BASE, LIGHTBOX_BASE_DIST from the environment).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const PORT = Number(process.env.PORT ?? 4339);
const BASE = `/${(process.env.LIGHTBOX_BASE ?? '/lightbox/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const DIST = resolve(process.env.LIGHTBOX_BASE_DIST ?? 'dist-base');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileFor(pathname: string): Promise<{ file: string } | { redirect: string } | null> {
  if (!pathname.startsWith(BASE)) return pathname === BASE.slice(0, -1) ? { redirect: BASE } : null;
  const path = normalize(join(DIST, decodeURIComponent(pathname.slice(BASE.length))));
  if (path !== DIST && !path.startsWith(DIST + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return { file: path };
  if (!info?.isDirectory()) return null;
  if (!pathname.endsWith('/')) return { redirect: `${pathname}/` };
  return (await stat(join(path, 'index.html')).catch(() => null)) ? { file: join(path, 'index.html') } : null;
}

createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  fileFor(url.pathname).then(
    (found) => {
      if (!found) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`404: ${url.pathname}`);
      } else if ('redirect' in found) {
        response.writeHead(301, { location: `${found.redirect}${url.search}` }).end();
      } else {
        response.writeHead(200, { 'content-type': TYPES[extname(found.file)] ?? 'application/octet-stream' });
        createReadStream(found.file).pipe(response);
      }
    },
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
}).listen(PORT, '127.0.0.1', () => process.stdout.write(`serving ${DIST} at http://127.0.0.1:${PORT}${BASE}\n`));
