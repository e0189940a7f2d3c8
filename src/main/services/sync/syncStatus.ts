import type { Finding, Role } from '../../../core/revisions';
import type { StoreCapabilities } from '../sharedStore/sharedStore';

/**
 * Where the workspace stands with its shared store. `offline`: the store could not be reached
 * (the sync retries with backoff; edits keep committing locally). `unregistered`: the store is
 * readable but no admin registered this workspace's key yet, so its edits wait locally.
 * `no-store`: the location holds no Cairn store yet (one can be created there).
 */
export type SyncState = 'off' | 'syncing' | 'idle' | 'offline' | 'unregistered' | 'no-store' | 'error';

export interface SyncProgress {
  readonly phase: 'registry' | 'pull' | 'merge' | 'push';
  readonly done: number;
  readonly total: number;
}

export interface SyncStatus {
  readonly location: string | null;
  readonly state: SyncState;
  /** For people: what happened last, or why the sync is waiting. */
  readonly message: string;
  readonly keyId: string;
  readonly publicKey: string;
  /** This workspace's role in the store, once an admin registered its key. */
  readonly role: Role | null;
  readonly capabilities: StoreCapabilities | null;
  /** Local edits the store does not have yet: operations not yet in a revision, and revisions not yet pushed. */
  readonly ahead: { readonly operations: number; readonly revisions: number };
  /** Revisions other writers' heads name that this workspace has not pulled (as of the last look). */
  readonly behind: number;
  readonly conflicts: number;
  /** Objects refused when pulling (changed bytes, unknown keys, roles not allowed), with the first few findings. */
  readonly excluded: number;
  readonly findings: readonly Pick<Finding, 'path' | 'status' | 'message'>[];
  readonly lastSyncAt: number | null;
  readonly progress: SyncProgress | null;
}

export const MAX_STATUS_FINDINGS = 20;
