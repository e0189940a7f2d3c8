import type { SyncStatus } from '../../../shared/syncContract';

/**
 * Where the workspace stands with its shared store (the contract's `syncStatusSchema` is its one
 * definition). `offline`: the store could not be reached (the sync retries with backoff; edits
 * keep committing locally). `unregistered`: the store is readable but no admin registered this
 * workspace's key yet, so its edits wait locally. `no-store`: the location holds no Cairn store
 * yet (one can be created there).
 */
export type { SyncStatus };
export type SyncState = SyncStatus['state'];
export type SyncProgress = NonNullable<SyncStatus['progress']>;

export const MAX_STATUS_FINDINGS = 20;
