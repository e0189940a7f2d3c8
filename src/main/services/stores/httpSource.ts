import type { ByteSource } from '../../../core/io/byteSource';
import { versionOf } from './dataStore';

export interface HttpSourceOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Per request. */
  readonly timeoutMs?: number;
}

/**
 * A file behind HTTP(S) read with range requests. A server that ignores Range (answers 200 with
 * the whole body) is refused rather than silently downloaded whole.
 */
export function httpSource(url: string, options: HttpSourceOptions = {}): ByteSource & { version(): Promise<string | null> } {
  const name = redact(url);
  let head: Promise<{ size: number; version: string | null }> | null = null;
  const timeout = options.timeoutMs ?? 30_000;

  async function request(init: RequestInit): Promise<Response> {
    try {
      const res = await fetch(url, {
        ...init,
        headers: { ...options.headers, ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(timeout),
        redirect: 'manual',
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new Error(`the server redirects (${res.status}); Cairn reads only the locations it was given`);
      }
      return res;
    } catch (e) {
      throw new Error(`${name}: request failed: ${(e as Error).message}`);
    }
  }

  function headOnce() {
    head ??= (async () => {
      const res = await request({ method: 'HEAD' });
      if (!res.ok) throw new Error(`${name}: HEAD answered ${res.status} ${res.statusText}`);
      const length = Number(res.headers.get('content-length'));
      if (!Number.isSafeInteger(length) || length < 0) throw new Error(`${name}: the server did not say how large the file is`);
      return { size: length, version: versionOf(res.headers.get('etag'), res.headers.get('last-modified')) };
    })();
    return head;
  }

  return {
    name,
    size() {
      return headOnce().then((h) => h.size);
    },
    /** The ETag and Last-Modified of the same HEAD that gave the size (sourceVersion). */
    version() {
      return headOnce().then((h) => h.version);
    },
    async read(offset, length) {
      if (length === 0) return new Uint8Array(0);
      const res = await request({ headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      if (res.status === 416) return new Uint8Array(0);
      if (res.status !== 206) {
        await res.body?.cancel();
        throw new Error(`${name}: expected a partial response (206) to a range request, got ${res.status}; the server must support HTTP range requests`);
      }
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** URLs may carry credentials or signed query strings; error messages must not. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return url;
  }
}
