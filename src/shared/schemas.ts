import { z } from 'zod';
import { annotationRecordSchema } from '../core/annotations/registry';
import { timestampSchema } from '../core/annotations/recordFields';
import type { AnnotationChange, Operation } from '../core/editor/changes';
import type { AnnotationRecord } from '../core/model/annotation';
import { trackSettingsSchema, type TrackSettingsChange } from '../core/tracks/trackSettings';
import { text } from './text';

/**
 * Runtime schemas for the records that cross the UI/host boundary: the one validator, used by the
 * host on every call and by the workspace before it writes. Strict (an unknown key is refused, not
 * dropped), finite, ranged, and the core types are checked against them below. An annotation
 * record's schema is its kind's (src/core/annotations/<kind>/schema.ts), joined by the registry.
 */

export { annotationRecordSchema };
/** An ontology version's one definition is its core schema (strict; its refinement checks ids, parents and defaults). */
export { ontologySchema } from '../core/ontology/schema';
export { migrationSchema } from '../core/ontology/steps';

const timestamp = timestampSchema;

export const annotationChangeSchema = z.strictObject({
  objectId: z.uuid(),
  before: annotationRecordSchema.nullable(),
  after: annotationRecordSchema.nullable(),
});

export { trackSettingsSchema };

export const trackSettingsChangeSchema = z.strictObject({
  trackId: z.uuid(),
  before: trackSettingsSchema.nullable(),
  after: trackSettingsSchema.nullable(),
});

export const operationSchema = z
  .strictObject({
    opId: z.uuid(),
    sceneId: z.uuid(),
    author: text(256),
    at: timestamp,
    label: text(256),
    // Empty only when the operation changes tracks' settings alone (checked below).
    changes: z.array(annotationChangeSchema).max(10_000).readonly(),
    trackSettings: z.array(trackSettingsChangeSchema).min(1).max(10_000).readonly().optional(),
  })
  .superRefine((op, ctx) => {
    if (op.changes.length === 0 && !op.trackSettings) ctx.addIssue({ code: 'custom', path: ['changes'], message: 'must hold at least one change (or the operation at least one track settings change)' });
    const tracks = new Set<string>();
    op.trackSettings?.forEach((change, i) => {
      if (change.before === null && change.after === null) {
        ctx.addIssue({ code: 'custom', path: ['trackSettings', i], message: 'has neither before nor after (one of them must be settings)' });
      }
      if (tracks.has(change.trackId)) ctx.addIssue({ code: 'custom', path: ['trackSettings', i, 'trackId'], message: `names track ${change.trackId} twice` });
      tracks.add(change.trackId);
    });
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

/** The editor's types and these schemas describe the same values; this stops them drifting apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemasMatchCoreTypes: [
  Same<z.output<typeof annotationRecordSchema>, AnnotationRecord>,
  Same<z.output<typeof annotationChangeSchema>, AnnotationChange>,
  Same<z.output<typeof operationSchema>, Operation>,
  Same<z.output<typeof trackSettingsChangeSchema>, TrackSettingsChange>,
] = [true, true, true, true];
