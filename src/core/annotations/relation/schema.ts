import { z } from 'zod';
import { recordFields } from '../recordFields';

/**
 * The edge itself. Its ends are tracks (the object across frames), not records: a relation holds
 * over a range of frames, and on each the object shows its keyframe or its interpolated box.
 */
export const relationSchema = z
  .strictObject({
    /** The track the relation starts from (`subject predicate object`). */
    subjectTrackId: z.uuid(),
    /** The track it points at. */
    objectTrackId: z.uuid(),
    /** The last frame the relation holds on; the record's frameId is the first. */
    lastFrameId: z.uuid(),
  })
  .refine((r) => r.subjectTrackId !== r.objectTrackId, { error: 'must join two different objects', path: ['objectTrackId'] });

/**
 * One scene-graph edge drawn by an annotator, stored as one record for its whole frame range: the
 * store indexes it under its first frame (frameId) and its predicate (classId, the class of an
 * edge), and its trackId is its own (a relation has no other records).
 */
export const relationAnnotationSchema = z
  .strictObject({
    kind: z.literal('relation'),
    ...recordFields,
    relation: relationSchema,
  })
  .readonly();

export type RelationAnnotation = z.output<typeof relationAnnotationSchema>;
