import { StoreUnreachableError, type SharedStore } from '../../sharedStore/sharedStore';

export type Interruption =
  /** The connection drops before the n-th request reaches the store. */
  | { readonly kind: 'drop'; readonly after: number }
  /** The n-th write leaves only its first bytes under the object's name (a torn copy), then the connection drops. */
  | { readonly kind: 'torn'; readonly after: number };

/**
 * A real store that fails part-way, as a network or a crash would: every request before the n-th
 * goes through; the n-th fails (after tearing its object, for a torn write) and so does every
 * later one, as a process that died would make none.
 */
export class FlakyStore implements SharedStore {
  readonly kind: SharedStore['kind'];
  readonly label: string;
  private requests = 0;
  private dead = false;

  constructor(
    private readonly inner: SharedStore,
    private readonly interruption: Interruption,
  ) {
    this.kind = inner.kind;
    this.label = inner.label;
  }

  capabilities(signal?: AbortSignal) {
    return this.inner.capabilities(signal);
  }

  private gate(): void {
    if (this.dead) throw new StoreUnreachableError(this.label, 'the connection is gone');
    if (++this.requests >= this.interruption.after) {
      this.dead = true;
      if (this.interruption.kind === 'drop') throw new StoreUnreachableError(this.label, `connection dropped at request ${this.requests}`);
    }
  }

  async list(prefix: string, signal?: AbortSignal) {
    this.gate();
    return this.inner.list(prefix, signal);
  }

  async get(path: string, signal?: AbortSignal) {
    this.gate();
    return this.inner.get(path, signal);
  }

  async put(path: string, bytes: Uint8Array, options?: { ifAbsent?: boolean; signal?: AbortSignal }) {
    this.gate();
    if (this.dead && this.interruption.kind === 'torn') {
      await this.inner.put(path, bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), { signal: options?.signal });
      throw new StoreUnreachableError(this.label, `connection dropped while writing ${path}`);
    }
    return this.inner.put(path, bytes, options);
  }

  async close() {}
}
