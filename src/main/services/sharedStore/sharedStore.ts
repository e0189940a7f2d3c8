/**
 * The team's shared store (docs/store-layout.md): a folder, an S3-compatible bucket or an
 * HTTP(S) server (read-only), all reached through this one interface. Paths are store-relative,
 * `/`-separated, never starting with `/` and never climbing out (`..`).
 */
export interface SharedStore {
  readonly kind: 'folder' | 's3' | 'http';
  /** For people: a folder path or a URL without credentials. */
  readonly label: string;
  /** What this store can do, found by trying it (cached after the first call). */
  capabilities(signal?: AbortSignal): Promise<StoreCapabilities>;
  /** Every object path under a prefix (`''` for all), in no particular order. Names starting with a dot are skipped. */
  list(prefix: string, signal?: AbortSignal): Promise<string[]>;
  /** An object's bytes, or null when there is none. */
  get(path: string, signal?: AbortSignal): Promise<Uint8Array | null>;
  /**
   * Writes an object whole (never half-visible under its name). With `ifAbsent`, refuses to
   * replace an existing object and answers 'exists' (the store must have conditional writes;
   * otherwise it throws a StoreCapabilityError).
   */
  put(path: string, bytes: Uint8Array, options?: { ifAbsent?: boolean; signal?: AbortSignal }): Promise<'written' | 'exists'>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}

export interface StoreCapabilities {
  readonly list: boolean;
  readonly write: boolean;
  readonly rangeRead: boolean;
  /** Create-only writes (exclusive create on a folder, If-None-Match: * on S3): releases need them. */
  readonly conditionalWrite: boolean;
}

/** A store asked for what it cannot do (a write to HTTP, a conditional put to a store without one). */
export class StoreCapabilityError extends Error {
  constructor(
    readonly store: string,
    readonly capability: keyof StoreCapabilities,
    message: string,
  ) {
    super(`${store}: ${message}`);
    this.name = 'StoreCapabilityError';
  }
}

/** A store that could not be reached (offline, refused, timed out): sync retries these later. */
export class StoreUnreachableError extends Error {
  constructor(
    readonly store: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${store}: ${message}`, options);
    this.name = 'StoreUnreachableError';
  }
}
