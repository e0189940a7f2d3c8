import { buildKeyRegistry, KEYS_DIR, STORE_FILE, type Finding, type KeyRegistry, type RevisionCrypto, type StoredObject } from '../../../core/revisions';
import type { SharedStore } from '../sharedStore/sharedStore';
import { mapLimit } from './mapLimit';

const decoder = new TextDecoder('utf-8', { fatal: false });

export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The store's registered keys, read fresh: store.json and every key record. */
export async function readKeyRegistry(
  store: SharedStore,
  crypto: RevisionCrypto,
  options: { rootKeyId?: string; signal?: AbortSignal } = {},
): Promise<{ registry: KeyRegistry; findings: Finding[]; hasStoreFile: boolean }> {
  const storeBytes = await store.get(STORE_FILE, options.signal);
  const storeFile: StoredObject | null = storeBytes ? { path: STORE_FILE, text: textOf(storeBytes) } : null;
  const keyPaths = (await store.list(`${KEYS_DIR}/`, options.signal)).sort();
  const keys = (
    await mapLimit(keyPaths, 8, async (path) => {
      const bytes = await store.get(path, options.signal);
      return bytes ? { path, text: textOf(bytes) } : null;
    })
  ).filter((k): k is StoredObject => k !== null);
  const { registry, findings } = buildKeyRegistry(storeFile, keys, crypto, options.rootKeyId ? { rootKeyId: options.rootKeyId } : {});
  return { registry, findings, hasStoreFile: storeFile !== null };
}
