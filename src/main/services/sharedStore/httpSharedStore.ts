import { INDEX_FILE } from '../../../core/revisions';
import { StoreCapabilityError, StoreUnreachableError, type SharedStore, type StoreCapabilities } from './sharedStore';
import { cachedProbe, checkStorePath, checkStorePrefix, equalBytes, isHiddenPath } from './storePaths';

/**
 * INDEX_FILE is the listing an HTTP server offers in place of a directory listing
 * (docs/store-layout.md): a static file at the store's root naming every object, written by
 * `writeStoreIndex` when the folder is published. Plain HTTP has no listing of its own, and
 * servers' HTML indexes differ.
 */
export { INDEX_FILE };

export interface StoreIndex {
  readonly format: 'cairn.index';
  readonly version: 1;
  readonly paths: readonly string[];
}

/** Answers that mean "try again later" rather than "no": the server or a proxy in front of it is down or busy. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

export interface HttpSharedStoreOptions {
  /** Sent with every request (an Authorization header, say); kept in the host, never shown. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per request; defaults to 60 s. */
  readonly timeoutMs?: number;
}

/**
 * A read-only shared store over HTTP(S): a folder store published by any static file server.
 * Objects are read with GET; listing reads the store's index.json when the server has one (without
 * it the store can still be read by path, but not listed or verified whole); writes are refused.
 */
export class HttpSharedStore implements SharedStore {
  readonly kind = 'http' as const;
  readonly label: string;
  readonly capabilities: SharedStore['capabilities'];
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly options: HttpSharedStoreOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`${baseUrl}: not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${baseUrl}: only http and https URLs are supported`);
    if (url.username || url.password) throw new Error(`${url.protocol}//${url.host}${url.pathname}: put credentials in a header, not in the URL`);
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.base = url.toString();
    this.label = this.base;
    this.capabilities = cachedProbe((signal) => this.probe(signal));
  }

  /** Each segment is encoded, so a `?` or `#` in a name stays in the path. */
  private urlOf(path: string): string {
    return this.base + checkStorePath(this.label, path).split('/').map(encodeURIComponent).join('/');
  }

  private async fetch(path: string, signal?: AbortSignal, range?: string): Promise<Response | null> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
    let res: Response;
    try {
      res = await fetch(this.urlOf(path), {
        headers: { ...this.options.headers, ...(range ? { Range: range } : {}) },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        // A redirect could lead anywhere, a loopback port included: only what the user named is read.
        redirect: 'manual',
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new StoreUnreachableError(this.label, `cannot read ${path}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, { cause: e });
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return null;
    }
    if (res.ok) return res;
    await res.body?.cancel();
    if (TRANSIENT_STATUSES.has(res.status)) throw new StoreUnreachableError(this.label, `cannot read ${path}: the server answered ${res.status}`);
    if (res.status >= 300 && res.status < 400) throw new Error(`${this.label}: cannot read ${path}: the server redirects (${res.status}); Cairn reads only the locations it was given`);
    throw new Error(`${this.label}: cannot read ${path}: the server answered ${res.status} ${res.statusText}`.trimEnd());
  }

  async get(path: string, signal?: AbortSignal): Promise<Uint8Array | null> {
    const res = await this.fetch(path, signal);
    return res ? new Uint8Array(await res.arrayBuffer()) : null;
  }

  async list(prefix: string, signal?: AbortSignal): Promise<string[]> {
    checkStorePrefix(this.label, prefix);
    const index = await this.readIndex(signal);
    if (!index) throw new StoreCapabilityError(this.label, 'list', `listing needs the store's ${INDEX_FILE}, which this server does not have (publish the folder with its index)`);
    return index.filter((p) => p.startsWith(prefix)).sort();
  }

  private async readIndex(signal?: AbortSignal): Promise<string[] | null> {
    const bytes = await this.get(INDEX_FILE, signal);
    if (!bytes) return null;
    let index: StoreIndex;
    try {
      index = JSON.parse(new TextDecoder().decode(bytes)) as StoreIndex;
    } catch (e) {
      throw new Error(`${this.label}${INDEX_FILE}: not JSON: ${(e as Error).message}`);
    }
    if (index?.format !== 'cairn.index' || index.version !== 1 || !Array.isArray(index.paths) || !index.paths.every((p) => typeof p === 'string')) {
      throw new Error(`${this.label}${INDEX_FILE}: not a Cairn store index (format "cairn.index", version 1, paths)`);
    }
    // A path that could climb out of the store is refused here, before anything reads it.
    for (const p of index.paths) checkStorePath(`${this.label}${INDEX_FILE}`, p);
    return index.paths.filter((p) => !isHiddenPath(p) && p !== INDEX_FILE);
  }

  async put(path: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<'written' | 'exists'> {
    const what = `${options.ifAbsent ? 'create' : 'write'} ${path} (${bytes.length} bytes)`;
    throw new StoreCapabilityError(this.label, 'write', `cannot ${what}: an HTTP store is read-only (write through its folder or S3 bucket)`);
  }

  async close(): Promise<void> {}

  /** Listing is the index's presence; a range read is a 206 with the bytes asked for, tried on store.json. */
  private async probe(signal?: AbortSignal): Promise<StoreCapabilities> {
    const list = (await this.readIndex(signal).catch((e: unknown) => {
      if (e instanceof StoreUnreachableError) throw e;
      return null;
    })) !== null;
    let rangeRead = false;
    const whole = await this.get('store.json', signal);
    if (whole && whole.length >= 5) {
      const res = await this.fetch('store.json', signal, 'bytes=2-4');
      const part = res ? new Uint8Array(await res.arrayBuffer()) : null;
      rangeRead = res?.status === 206 && equalBytes(part, whole.subarray(2, 5));
    }
    return { list, write: false, rangeRead, conditionalWrite: false };
  }
}

/** Writes the index an HTTP server needs to offer a listing of a folder or bucket store; returns how many paths it names. */
export async function writeStoreIndex(store: SharedStore): Promise<number> {
  const paths = (await store.list('')).filter((p) => p !== INDEX_FILE);
  const index: StoreIndex = { format: 'cairn.index', version: 1, paths };
  await store.put(INDEX_FILE, new TextEncoder().encode(`${JSON.stringify(index, null, 1)}\n`));
  return paths.length;
}
