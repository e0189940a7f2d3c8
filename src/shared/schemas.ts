import { z } from 'zod';
import type { AnnotationChange, Operation } from '../core/editor/changes';
import { MAX_CUBOID_EDGE, MIN_CUBOID_EDGE } from '../core/geometry/cuboid';
import { MAX_COORDINATE } from '../core/formats/coordinateLimits';
import type { CuboidAnnotation } from '../core/model/annotation';
import { text } from './text';

/**
 * Runtime schemas for the records that cross the UI/host boundary: the one validator, used by the
 * host on every call and by the workspace before it writes. Strict (an unknown key is refused, not
 * dropped), finite, ranged, and the core types are checked against them below.
 */

/** The editor normalises rotations; anything further from unit length was not made by it. */
export const UNIT_QUATERNION_TOLERANCE = 1e-6;
export const MAX_ATTRIBUTES = 64;

const vec3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
const coordinate = z
  .number()
  .min(-MAX_COORDINATE, { error: `must be within ±${MAX_COORDINATE} m` })
  .max(MAX_COORDINATE, { error: `must be within ±${MAX_COORDINATE} m` });
const edge = z
  .number()
  .min(MIN_CUBOID_EDGE, { error: `must be at least ${MIN_CUBOID_EDGE} m` })
  .max(MAX_CUBOID_EDGE, { error: `must be at most ${MAX_CUBOID_EDGE} m` });
const unitQuaternion = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .readonly()
  .refine(([x, y, z, w]) => Math.abs(Math.hypot(x, y, z, w) - 1) <= UNIT_QUATERNION_TOLERANCE, {
    error: `must be a unit quaternion (x, y, z, w) to within ${UNIT_QUATERNION_TOLERANCE}`,
  });
/** Milliseconds since the Unix epoch. */
const timestamp = z.int().nonnegative();

export const cuboidSchema = z.strictObject({
  frame: text(128, 1),
  center: z.tuple([coordinate, coordinate, coordinate]).readonly(),
  size: z.tuple([edge, edge, edge]).readonly(),
  rotation: unitQuaternion,
});

export const attributeValueSchema = z.union([text(4096), z.number(), z.boolean()], {
  error: 'must be a string, a finite number or a boolean',
});

export const cuboidAnnotationSchema = z.strictObject({
  objectId: z.uuid(),
  sceneId: z.uuid(),
  frameId: z.uuid(),
  classId: text(128, 1),
  cuboid: cuboidSchema,
  attributes: z
    .record(text(128, 1), attributeValueSchema)
    .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, { error: `must have at most ${MAX_ATTRIBUTES} attributes` }),
  author: text(256),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const annotationChangeSchema = z.strictObject({
  objectId: z.uuid(),
  before: cuboidAnnotationSchema.nullable(),
  after: cuboidAnnotationSchema.nullable(),
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
  Same<z.output<typeof cuboidAnnotationSchema>, CuboidAnnotation>,
  Same<z.output<typeof annotationChangeSchema>, AnnotationChange>,
  Same<z.output<typeof operationSchema>, Operation>,
] = [true, true, true];
