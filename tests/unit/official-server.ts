/**
 * A stand-in for the backbones' official host, on 127.0.0.1 only: serves folders under the same paths as the
 * official URLs (so `--mirror http://127.0.0.1:PORT/` finds them), honours Range requests, logs every request, and
 * can misbehave per file: serve it corrupted (one byte flipped), truncated (half, with a matching length), or drop
 * the connection half-way once (so the client has to resume).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

type Fault = 'corrupt' | 'truncate' | 'drop-once';

export interface OfficialServer {
  url: string;
  /** "GET /path [range]" per request, in order. */
  log: string[];
  faults: Map<string, Fault>;
  close(): Promise<void>;
}

/** `routes` maps a URL folder ("/tfjs-models/tfjs/mobilenet_v1_0.25_224/") to a local folder. */
export async function startOfficialServer(routes: Record<string, string>): Promise<OfficialServer> {
  const log: string[] = [];
  const faults = new Map<string, Fault>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const range = request.headers.range;
    log.push(`GET ${path}${range ? ` ${range}` : ''}`);
    const folder = Object.keys(routes).find((prefix) => path.startsWith(prefix));
    const file = folder ? path.slice(folder.length) : '';
    if (!folder || file.includes('..') || file === '') {
      response.writeHead(404).end('not found');
      return;
    }
    readFile(join(routes[folder]!, file)).then(
      (bytes) => serve(bytes, path, range, faults, response),
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    faults,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function serve(
  original: Buffer,
  path: string,
  range: string | undefined,
  faults: Map<string, Fault>,
  response: import('node:http').ServerResponse,
): void {
  const fault = faults.get(path);
  let bytes = original;
  if (fault === 'corrupt') {
    bytes = Buffer.from(original);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
  }
  if (fault === 'truncate') bytes = original.subarray(0, Math.floor(original.length / 2));
  const start = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0) : 0;
  if (start >= bytes.length && bytes.length > 0) {
    response.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
    return;
  }
  const body = bytes.subarray(start);
  const headers: Record<string, string | number> = { 'content-length': body.length, 'accept-ranges': 'bytes' };
  if (start > 0) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
  response.writeHead(start > 0 ? 206 : 200, headers);
  if (fault === 'drop-once') {
    faults.delete(path);
    // End the connection (FIN, not a reset that could drop bytes in flight) with half the promised length sent.
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.end());
    return;
  }
  response.end(body);
}
