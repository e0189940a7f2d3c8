/**
 * What the verifier says of one stored object. Anything but 'ok' means the object is excluded:
 * never applied, never built on.
 */
export type FindingStatus =
  /** Not JSON, not the shape of its kind, or not in canonical form. */
  | 'malformed'
  /** The body's SHA-256 is not the address it is stored under. */
  | 'hash-mismatch'
  /** The signature is not the author's over the body. */
  | 'bad-signature'
  /** The author's key is not registered by an admin of this store (or not yet valid then). */
  | 'unknown-key'
  /** The author's key was revoked before the object was made. */
  | 'key-revoked'
  /** The author's role may not write this, or it is under another writer's prefix. */
  | 'role-not-allowed'
  /** A parent (or a head's or release's revision, or a release's previous release) is missing from the store or was itself excluded. */
  | 'bad-parent'
  | 'ok';

export const FINDING_STATUSES: readonly FindingStatus[] = [
  'ok',
  'malformed',
  'hash-mismatch',
  'bad-signature',
  'unknown-key',
  'key-revoked',
  'role-not-allowed',
  'bad-parent',
];

export type StoredObjectKind = 'store' | 'key' | 'revision' | 'head' | 'release' | 'assignment' | 'review' | 'comment' | 'unknown';

export interface Finding {
  /** Relative to the store's root, with '/' separators. */
  readonly path: string;
  readonly kind: StoredObjectKind;
  /** The content address the object is stored under, when its path has one. */
  readonly address: string | null;
  readonly status: FindingStatus;
  readonly message: string;
}

/** One stored file as read: its path relative to the store's root and its text (UTF-8 decoded). */
export interface StoredObject {
  readonly path: string;
  readonly text: string;
}

export type FindingTotals = Record<FindingStatus, number>;

export function countFindings(findings: Iterable<Finding>): FindingTotals {
  const totals = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as FindingTotals;
  for (const f of findings) totals[f.status]++;
  return totals;
}
