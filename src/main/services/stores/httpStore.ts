import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { DataStore } from './dataStore';
import { isSafeRelativePath } from './dataStore';
import type { FileResponse } from './fileResponse';
import { httpSource } from './httpSource';

const PASSED_HEADERS = ['content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

/**
 * Files under an HTTP(S) base URL, proxied by the host with range requests passed through, so the
 * renderer streams remote octrees exactly as local ones and never sees the remote's credentials.
 */
export class HttpStore implements DataStore {
  readonly kind = 'http' as const;
  readonly label: string;
  private readonly base: string;

  constructor(
    readonly id: string,
    baseUrl: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${baseUrl}: only http and https URLs are supported`);
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url.toString();
    this.label = `${url.origin}${url.pathname}`;
  }

  /** Each segment is encoded, so a `?` or `#` in a file name stays in the path instead of becoming a query. */
  private urlOf(relativePath: string): string | null {
    if (!isSafeRelativePath(relativePath)) return null;
    return this.base + relativePath.split('/').map(encodeURIComponent).join('/');
  }

  async serve(relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse> {
    const url = this.urlOf(relativePath);
    if (!url) return { status: 404, headers: {} };
    let res: Response;
    try {
      res = await fetch(url, {
        method: method === 'HEAD' ? 'HEAD' : 'GET',
        headers: { ...this.headers, ...(range ? { Range: range } : {}) },
        signal: AbortSignal.timeout(60_000),
        // A redirect could lead anywhere, a loopback port included: only what the user named is read.
        redirect: 'manual',
      });
    } catch (e) {
      return { status: 502, headers: { 'Content-Type': 'text/plain' }, body: Readable.from([`${this.label}${relativePath}: ${(e as Error).message}`]) };
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return { status: 502, headers: { 'Content-Type': 'text/plain' }, body: Readable.from([`${this.label}${relativePath}: the server redirects (${res.status}); Cairn reads only the locations it was given`]) };
    }
    const headers: Record<string, string> = {};
    for (const h of PASSED_HEADERS) {
      const v = res.headers.get(h);
      if (v) headers[h.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
    }
    const body = res.body ? Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>) : undefined;
    return { status: res.status, headers, body };
  }

  source(relativePath: string) {
    const url = this.urlOf(relativePath);
    return url ? httpSource(url, { headers: this.headers }) : null;
  }
}
