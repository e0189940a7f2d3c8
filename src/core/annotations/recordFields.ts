import { z } from 'zod';
import { text } from '../model/text';

/**
 * The fields every annotation kind's record carries. The store indexes them (object, track, frame,
 * kind, class), so they mean the same thing whatever the kind; each kind adds its own geometry.
 */

export const MAX_ATTRIBUTES = 64;

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z.int().nonnegative();

export const attributeValueSchema = z.union([text(4096), z.number(), z.boolean()], {
  error: 'must be a string, a finite number or a boolean',
});

export type AttributeValue = z.output<typeof attributeValueSchema>;

export const attributesSchema = z
  .record(text(128, 1), attributeValueSchema)
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, { error: `must have at most ${MAX_ATTRIBUTES} attributes` });

export const recordFields = {
  /** This record: one annotation in one frame (the row key). */
  objectId: z.uuid(),
  /** The object across frames: every keyframe of one car in a sequence shares it. */
  trackId: z.uuid(),
  sceneId: z.uuid(),
  frameId: z.uuid(),
  classId: text(128, 1),
  /** The version of the ontology the record was made under, so an ontology change can migrate or flag it. */
  ontologyVersion: z.int().positive(),
  attributes: attributesSchema,
  author: text(256),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
};
