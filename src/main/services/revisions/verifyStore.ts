import type { Finding, StoredObject, StoreVerification } from '../../../core/revisions';
import type { SharedStore } from '../sharedStore/sharedStore';
import { decodeObject, partitionStoreFiles, verifyListedObjects, type VerifyOptions } from './verifyFolder';

/** Reads in flight at once over a network store: enough to hide a round trip per object, few enough for any server. */
const DEFAULT_READ_AHEAD = 16;

/**
 * Verifies a shared store of any kind (folder, S3, HTTP with an index) through its listing and
 * reads: the same checks and findings as verifyFolderStore. Reads run ahead of the checks, so a
 * remote store costs its bandwidth, not a round trip per object. A store that cannot be listed or
 * stops answering fails the whole verification (StoreUnreachableError) rather than reporting
 * objects it could not read as bad.
 */
export async function verifyStore(store: SharedStore, options: VerifyOptions & { readAhead?: number; signal?: AbortSignal } = {}): Promise<StoreVerification> {
  const files = await store.list('', options.signal);
  const { registryFiles, revisions, heads, releases, records } = partitionStoreFiles(files);
  const order = [...registryFiles, ...revisions, ...heads, ...releases, ...records];
  return verifyListedObjects(files, readingAhead(order, (file) => store.get(file, options.signal), options.readAhead ?? DEFAULT_READ_AHEAD), options);
}

/**
 * A reader that, asked for a file, also starts reading the next files the verifier will ask for
 * (`order`), keeping at most `window` reads in flight; a file asked for out of order is read then.
 */
function readingAhead(order: readonly string[], get: (file: string) => Promise<Uint8Array | null>, window: number): (file: string) => Promise<StoredObject | Finding> {
  const pending = new Map<string, Promise<Uint8Array | null>>();
  const at = new Map(order.map((f, i) => [f, i]));
  let next = 0;
  const start = (file: string) => {
    const read = get(file);
    // Kept for later; a failure is seen when the verifier reaches the file, not as an unhandled rejection now.
    read.catch(() => undefined);
    pending.set(file, read);
  };
  return async (file) => {
    next = Math.max(next, (at.get(file) ?? -1) + 1);
    if (!pending.has(file)) start(file);
    const read = pending.get(file)!;
    pending.delete(file);
    while (next < order.length && pending.size < window) start(order[next++]);
    return decodeObject(file, await read);
  };
}
