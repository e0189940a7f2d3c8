import { randomUUID } from 'node:crypto';
import { StoreCapabilityError, type SharedStore, type StoreCapabilities } from './sharedStore';

/**
 * A store-relative path is `/`-separated, not empty, never absolute and never climbing out: the
 * same rule for every backend, so a path a folder accepts is one S3 and HTTP accept too.
 */
export function checkStorePath(store: string, path: string): string {
  const bad = !path || path.includes('\0') || path.includes('\\') || path.startsWith('/') || path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..');
  if (bad) throw new Error(`${store}: "${path}" is not a store path (relative, '/'-separated, no '.', '..' or empty segments)`);
  return path;
}

/** A prefix for list(): '' or the start of a path (it may end inside a name, as S3 prefixes do). */
export function checkStorePrefix(store: string, prefix: string): string {
  if (prefix === '') return prefix;
  // A trailing '/' is allowed ('annotations/'), so check the prefix with a stand-in name after it.
  checkStorePath(store, prefix.endsWith('/') ? `${prefix}x` : prefix);
  return prefix;
}

/** Names starting with a dot are writes in progress or probes (docs/store-layout.md): never listed. */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((seg) => seg.startsWith('.'));
}

/** Where probes write: a dot name, so no reader lists it, and a fresh one each time, so probes never meet. */
export const PROBE_DIR = '.cairn-probe';
export const probePath = () => `${PROBE_DIR}/${randomUUID()}`;

/** The error for a store asked for what its probe found it cannot do, naming the store and the capability. */
export function missingCapability(store: string, capability: keyof StoreCapabilities, what: string): StoreCapabilityError {
  const names: Record<keyof StoreCapabilities, string> = {
    list: 'listing',
    write: 'writes',
    rangeRead: 'range reads',
    conditionalWrite: 'conditional writes (create-only puts)',
  };
  return new StoreCapabilityError(store, capability, `${what} needs ${names[capability]}, which this store does not offer`);
}

/** Capabilities found by probing once; a probe that could not reach the store is not kept, so the next call tries again. */
export function cachedProbe(probe: (signal?: AbortSignal) => Promise<StoreCapabilities>): SharedStore['capabilities'] {
  let found: Promise<StoreCapabilities> | null = null;
  return (signal) => {
    if (!found) {
      found = probe(signal);
      found.catch(() => {
        found = null;
      });
    }
    return found;
  };
}

export const equalBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.length === b.length && a.every((v, i) => v === b[i]);
