import { revisionPath } from '../../../core/revisions';
import type { SigningKey } from '../revisions/keyFiles';
import { headObject } from '../revisions/signedObjects';
import type { SharedStore } from '../sharedStore/sharedStore';
import type { SyncLog } from './syncLog';

const encoder = new TextEncoder();

export interface PushProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Uploads the revisions the store does not hold yet, oldest first, then this writer's head.
 * Each revision is marked pushed once the store has it, so an interrupted push resumes where it
 * stopped; a revision already there (content-addressed) costs one rewrite of the same bytes. The
 * head goes last (a reader that sees it finds every revision it names), and again on a later push
 * if it did not get through.
 */
export async function pushRevisions(
  store: SharedStore,
  log: SyncLog,
  key: SigningKey,
  options: { now: number; signal?: AbortSignal; onProgress?: (p: PushProgress) => void },
): Promise<{ pushed: number; bytes: number }> {
  const pending = log.unpushed().filter((r) => r.author === key.keyId);
  let bytes = 0;
  options.onProgress?.({ done: 0, total: pending.length });
  for (const [i, revision] of pending.entries()) {
    options.signal?.throwIfAborted();
    const data = encoder.encode(revision.text);
    await store.put(revisionPath(revision.author, revision.address), data, { signal: options.signal });
    bytes += data.length;
    log.markPushed(revision.address);
    options.onProgress?.({ done: i + 1, total: pending.length });
  }
  const heads = log.ownHeads(key.keyId);
  // Written whenever it differs from the last one the store took, so a head whose put failed
  // after every revision went through is written on the next push, not never.
  if (heads.length > 0 && [...heads].sort().join(',') !== log.pushedHead()) {
    const head = headObject(key, heads, options.now);
    const data = encoder.encode(head.text);
    await store.put(head.path, data, { signal: options.signal });
    log.setPushedHead(heads);
    bytes += data.length;
  }
  return { pushed: pending.length, bytes };
}
