import { stampedFields, type RecordStamp } from '../cuboid/edit';
import type { RelationAnnotation } from './schema';

/** What an annotator gives for a new relation: its ends, its predicate and the frames it holds on. */
export interface NewRelation {
  readonly subjectTrackId: string;
  readonly objectTrackId: string;
  readonly predicate: string;
  readonly firstFrameId: string;
  readonly lastFrameId: string;
}

/** What an edit of a relation may change: its ends stay, since another pair is another relation. */
export interface RelationPatch {
  readonly predicate?: string;
  readonly firstFrameId?: string;
  readonly lastFrameId?: string;
}

export function newRelationRecord(input: NewRelation, stamp: RecordStamp): RelationAnnotation {
  return {
    kind: 'relation',
    ...stampedFields(stamp),
    frameId: input.firstFrameId,
    classId: input.predicate,
    attributes: {},
    relation: { subjectTrackId: input.subjectTrackId, objectTrackId: input.objectTrackId, lastFrameId: input.lastFrameId },
  };
}

/** The record with the patch applied; updatedAt is left as it was, for the editor to stamp if anything changed. */
export function patchRelationRecord(before: RelationAnnotation, patch: RelationPatch): RelationAnnotation {
  return {
    ...before,
    classId: patch.predicate ?? before.classId,
    frameId: patch.firstFrameId ?? before.frameId,
    relation: { ...before.relation, lastFrameId: patch.lastFrameId ?? before.relation.lastFrameId },
  };
}

/** A relation's predicate: stored as the record's class, the class of an edge. */
export function predicateOf(record: RelationAnnotation): string {
  return record.classId;
}
