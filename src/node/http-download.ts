/**
 * One file over HTTP(S) into `dest`, never half-written: bytes go to `dest.part`, which a later attempt (or a later
 * run) resumes with a Range request, and only a complete transfer is renamed to `dest`. Bounded attempts with
 * back-off; an idle timeout aborts a stalled transfer; 4xx answers other than 408/429 are not retried.
 */
import { open, rename, rm, stat } from 'node:fs/promises';

export interface DownloadOptions {
  /** Attempts in all (the first included). */
  attempts: number;
  /** Abort when no byte arrives for this long (connecting included). */
  idleTimeoutMs: number;
  /** Wait before attempt n+1: backoffMs × 2^(n-1). */
  backoffMs: number;
  /** Called with the bytes of this file on disk so far (resumed bytes included). */
  onBytes?: (bytes: number) => void;
  /** A line per retry, saying why. */
  log?: (line: string) => void;
}

class DownloadError extends Error {
  constructor(
    message: string,
    /** True when trying again cannot help (404, 403, …). */
    readonly permanent = false,
  ) {
    super(message);
  }
}

export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<number> {
  const part = `${dest}.part`;
  let lastError: Error = new DownloadError(`${url}: no attempt made`);
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const size = await transfer(url, part, options);
      await rename(part, dest);
      return size;
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (lastError instanceof DownloadError && lastError.permanent) break;
      if (attempt < options.attempts) {
        options.log?.(`  retrying ${url} (${lastError.message}), attempt ${attempt + 1} of ${options.attempts}`);
        await new Promise((done) => setTimeout(done, options.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
  throw new DownloadError(`${url}: ${lastError.message}`, lastError instanceof DownloadError && lastError.permanent);
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

/** Where the body starts and how long the whole file is, from the answer to a (possibly ranged) request. */
function bodyRange(response: Response, have: number): { start: number; total: number | null } {
  // A compressed body (asked for identity, but a proxy may still compress) is inflated by fetch: its length differs.
  const encoded = !['', 'identity'].includes(response.headers.get('content-encoding') ?? '');
  const length = encoded ? NaN : Number(response.headers.get('content-length') ?? NaN);
  if (response.status !== 206) return { start: 0, total: Number.isFinite(length) ? length : null };
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  if (!match || Number(match[1]) !== have) throw new DownloadError(`unusable Content-Range for a resume from ${have}`);
  return { start: have, total: match[3] === '*' ? null : Number(match[3]) };
}

/** A resume the server answered with other bytes than asked for cannot be appended: the next attempt starts over. */
async function bodyRangeOrRestart(
  response: Response,
  have: number,
  part: string,
): Promise<ReturnType<typeof bodyRange>> {
  try {
    return bodyRange(response, have);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

async function transfer(url: string, part: string, options: DownloadOptions): Promise<number> {
  const have = await sizeOf(part);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), options.idleTimeoutMs);
  };
  touch();
  try {
    const response = await fetch(url, {
      // The bytes as stored: lengths and Range offsets then count the same bytes that are written.
      headers:
        have > 0 ? { 'accept-encoding': 'identity', range: `bytes=${have}-` } : { 'accept-encoding': 'identity' },
      signal: controller.signal,
    });
    if (response.status === 416) {
      await rm(part, { force: true });
      throw new DownloadError('the partial file is longer than the remote one; starting again');
    }
    if (!response.ok || !response.body) {
      const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw new DownloadError(`HTTP ${response.status} ${response.statusText}`.trim(), permanent);
    }
    const { start, total } = await bodyRangeOrRestart(response, have, part);
    const size = await writeBody(response.body, part, start, touch, options.onBytes);
    if (total !== null && size !== total) throw new DownloadError(`connection ended at ${size} of ${total} bytes`);
    return size;
  } catch (error) {
    if (controller.signal.aborted) throw new DownloadError(`no data for ${options.idleTimeoutMs} ms`);
    throw error instanceof DownloadError ? error : new DownloadError(describeFetchError(error));
  } finally {
    clearTimeout(timer);
  }
}

async function writeBody(
  body: ReadableStream<Uint8Array>,
  part: string,
  start: number,
  touch: () => void,
  onBytes?: (bytes: number) => void,
): Promise<number> {
  const file = await open(part, start > 0 ? 'a' : 'w');
  let size = start;
  onBytes?.(size);
  try {
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      touch();
      await file.write(read.value);
      size += read.value.byteLength;
      onBytes?.(size);
    }
  } finally {
    await file.close();
  }
  return size;
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message ?? 'unknown cause'})` : error.message;
}
