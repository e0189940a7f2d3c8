import type { AnnotationRecord } from '../annotations/registry';
import type { Provenance, RevisionBody } from '../revisions/schema';
import type { TrackSettings } from '../tracks/trackSettings';
import type { EntityType } from './effects';

export type { EntityType } from './effects';

/** A verified revision as the merge takes it: its address (the SHA-256 of its canonical body) and body. */
export interface AddressedRevision {
  readonly address: string;
  readonly body: RevisionBody;
}

/** Which revision wrote a value, and how. */
export interface WriteInfo {
  readonly revision: string;
  /** The author's keyId. */
  readonly author: string;
  readonly createdAt: number;
  readonly provenance: Provenance;
  readonly opId: string;
}

/**
 * One side of a conflict. `value` is the unit's value, null where that side removed it (an
 * attribute taken off); for an existence conflict, true (kept and edited) or false (deleted).
 */
export interface ConflictValue extends WriteInfo {
  readonly value: unknown;
}

/**
 * Concurrent revisions (neither an ancestor of the other) wrote different values of one unit of
 * one entity. Nothing is dropped: every side is listed. The merged state shows `provisional` (the
 * side latest by (createdAt, address); for delete-vs-edit, the record kept) until a revision that
 * descends from every side writes the unit again.
 */
export interface Conflict {
  readonly entity: EntityType;
  /** The objectId (entity 'object') or trackId (entity 'track'). */
  readonly id: string;
  /** 'delete-edit': one side deleted the entity while another changed it. */
  readonly kind: 'field' | 'delete-edit';
  /** As people read it: 'classId', 'attributes.occluded', 'cuboid.center', 'existence'. */
  readonly field: string;
  /** The unit's keys in the record (empty for existence). */
  readonly path: readonly string[];
  /** Every current write of the unit, by (createdAt, revision); the last is the one shown. */
  readonly values: readonly ConflictValue[];
  readonly provisional: unknown;
}

/** A revision held back until its parents arrive. */
export interface PendingRevision {
  readonly address: string;
  readonly missing: readonly string[];
}

/** A revision the merge will not use, and why. */
export interface RejectedRevision {
  readonly address: string;
  readonly reason: string;
}

/** The merged view of one lane (null: the shared history). */
export interface MergedState {
  readonly lane: string | null;
  /** Every live record, by objectId. */
  readonly records: ReadonlyMap<string, AnnotationRecord>;
  readonly trackSettings: ReadonlyMap<string, TrackSettings>;
  /** By entity, id, then field. */
  readonly conflicts: readonly Conflict[];
  /** The lane's revisions that no other of its revisions descends from, sorted: a new revision's parents. */
  readonly heads: readonly string[];
  readonly pending: readonly PendingRevision[];
  readonly rejected: readonly RejectedRevision[];
}

export interface MergeOptions {
  /** The lane to show; absent: the shared history. */
  readonly lane?: string;
}
