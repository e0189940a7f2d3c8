import { z } from 'zod';
import { annotationRecordSchema } from '../core/annotations/registry';
import { timestampSchema } from '../core/annotations/recordFields';
import type { AnnotationChange, Operation } from '../core/editor/changes';
import type { AnnotationRecord } from '../core/model/annotation';
import { text } from './text';

/**
 * Runtime schemas for the records that cross the UI/host boundary: the one validator, used by the
 * host on every call and by the workspace before it writes. Strict (an unknown key is refused, not
 * dropped), finite, ranged, and the core types are checked against them below. An annotation
 * record's schema is its kind's (src/core/annotations/<kind>/schema.ts), joined by the registry.
 */

export { annotationRecordSchema };

const vec3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
const timestamp = timestampSchema;

export const annotationChangeSchema = z.strictObject({
  objectId: z.uuid(),
  before: annotationRecordSchema.nullable(),
  after: annotationRecordSchema.nullable(),
});

export const operationSchema = z
  .strictObject({
    opId: z.uuid(),
    sceneId: z.uuid(),
    author: text(256),
    at: timestamp,
    label: text(256),
    changes: z.array(annotationChangeSchema).min(1).max(10_000).readonly(),
  })
  .superRefine((op, ctx) => {
    // What one record cannot say alone: a change names one object of the operation's scene.
    op.changes.forEach((change, i) => {
      if (change.before === null && change.after === null) {
        ctx.addIssue({ code: 'custom', path: ['changes', i], message: 'has neither before nor after (one of them must be a record)' });
      }
      if (change.before && change.after && change.before.kind !== change.after.kind) {
        ctx.addIssue({ code: 'custom', path: ['changes', i, 'after', 'kind'], message: `must stay ${change.before.kind} (a record keeps its kind)` });
      }
      for (const side of ['before', 'after'] as const) {
        const record = change[side];
        if (!record) continue;
        if (record.objectId !== change.objectId) {
          ctx.addIssue({ code: 'custom', path: ['changes', i, side, 'objectId'], message: `must equal the change's objectId ${change.objectId}` });
        }
        if (record.sceneId !== op.sceneId) {
          ctx.addIssue({ code: 'custom', path: ['changes', i, side, 'sceneId'], message: `must equal the operation's sceneId ${op.sceneId}` });
        }
      }
    });
  });

export const ontologySchema = z.object({
  ontologyId: z.string().min(1),
  version: z.number().int().positive(),
  name: z.string().min(1),
  classes: z
    .array(
      z.object({
        classId: z.string().min(1).max(128),
        name: z.string().min(1),
        color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        defaultSize: vec3,
      }),
    )
    .min(1)
    .readonly(),
});

/** The editor's types and these schemas describe the same values; this stops them drifting apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemasMatchCoreTypes: [
  Same<z.output<typeof annotationRecordSchema>, AnnotationRecord>,
  Same<z.output<typeof annotationChangeSchema>, AnnotationChange>,
  Same<z.output<typeof operationSchema>, Operation>,
] = [true, true, true];
