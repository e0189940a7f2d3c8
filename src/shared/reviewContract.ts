import { z } from 'zod';
import { cuboidSchema } from '../core/annotations/cuboid/schema';
import { assignedFramesSchema, commentPinSchema, reviewItemSchema } from '../core/review/schema';
import { sha256HexSchema } from '../core/revisions/schema';
import { text } from './text';

/** The calls of assignments, review and comments (issue 12), joined into the contract by contract.ts. */

const commentSchema = z.strictObject({
  address: sha256HexSchema,
  authorName: z.string(),
  createdAt: z.number(),
  pin: commentPinSchema,
  text: z.string(),
  thread: sha256HexSchema,
  resolved: z.boolean(),
});

const workItemSchema = z.strictObject({
  assignment: sha256HexSchema,
  sceneId: z.uuid(),
  lane: z.string(),
  frame: z.int().nonnegative(),
  overlap: z.boolean(),
  status: z.enum(['todo', 'rework']),
  rejections: z.array(reviewItemSchema).max(10_000),
  reviewerName: z.string().nullable(),
  comments: z.array(commentSchema).max(10_000),
});

const candidateSchema = z.strictObject({
  sceneId: z.uuid(),
  frame: z.int().nonnegative(),
  annotator: sha256HexSchema,
  annotatorName: z.string(),
  lane: z.string().nullable(),
  objectId: z.uuid().nullable(),
  agreement: z.number().nullable(),
});

export const QUEUE_MAX = 5000;

export const reviewCalls = {
  /** A lead assigns frames of a scene to annotators (names or key ids), a share of them blind to several. */
  'review.assign': {
    input: z.strictObject({
      sceneId: z.uuid(),
      frames: assignedFramesSchema,
      annotators: z.array(text(256, 1)).min(1).max(256),
      overlap: z.strictObject({ rate: z.number().min(0).max(1), replicas: z.int().min(1).max(256) }),
      message: text(4096).optional(),
    }),
    output: z.strictObject({ address: sha256HexSchema, lanes: z.array(z.strictObject({ name: z.string(), lane: z.string(), frames: z.int().nonnegative() })).max(256) }),
  },
  /** This workspace's own work: assigned frames not yet accepted, rework first with the rejections and comments. */
  'review.myQueue': { input: z.strictObject({}), output: z.strictObject({ items: z.array(workItemSchema).max(QUEUE_MAX) }) },
  /** A reviewer's queue: assigned frames not judged since they changed, sampled. */
  'review.reviewQueue': {
    input: z.strictObject({ mode: z.enum(['random', 'stratified', 'worst-agreement']), by: z.enum(['annotator', 'class', 'scene']).optional(), size: z.int().min(1).max(QUEUE_MAX), seed: text(128).optional() }),
    output: z.strictObject({ items: z.array(candidateSchema).max(QUEUE_MAX), candidates: z.int().nonnegative() }),
  },
  /** The boxes an annotator's replica (a lane) holds on a frame, as this workspace has synced them: what a reviewer judges. */
  'review.replicaObjects': {
    input: z.strictObject({ sceneId: z.uuid(), lane: text(128, 1), frame: z.int().nonnegative() }),
    output: z.strictObject({ objects: z.array(z.strictObject({ objectId: z.uuid(), classId: z.string(), center: z.tuple([z.number(), z.number(), z.number()]) })).max(QUEUE_MAX) }),
  },
  /** Every replica's stored boxes on a frame, named by who wrote each: what a reviewer overlays in 3D. */
  'review.replicaBoxes': {
    input: z.strictObject({ sceneId: z.uuid(), frame: z.int().nonnegative() }),
    output: z.strictObject({
      replicas: z
        .array(z.strictObject({ lane: z.string(), name: z.string(), boxes: z.array(z.strictObject({ objectId: z.uuid(), trackId: z.uuid(), classId: z.string(), cuboid: cuboidSchema })).max(QUEUE_MAX) }))
        .max(256),
    }),
  },
  /** A reviewer's signed verdict on an annotator's frames and objects. */
  'review.verdict': {
    input: z.strictObject({ sceneId: z.uuid(), annotator: sha256HexSchema, items: z.array(reviewItemSchema).min(1).max(10_000) }),
    output: z.strictObject({ address: sha256HexSchema }),
  },
  /** The comment threads of a scene that this workspace's key may read: the 3D view marks those pinned to points of the frame shown. */
  'review.sceneComments': {
    input: z.strictObject({ sceneId: z.uuid() }),
    output: z.strictObject({ comments: z.array(commentSchema).max(10_000) }),
  },
  /** A signed comment pinned to an object, a point or a frame; a reply names its parent, and may resolve the thread. */
  'review.comment': {
    input: z.strictObject({
      sceneId: z.uuid(),
      pin: commentPinSchema,
      annotator: sha256HexSchema.optional(),
      review: sha256HexSchema.optional(),
      parent: sha256HexSchema.optional(),
      resolves: sha256HexSchema.optional(),
      text: text(8192, 1),
    }),
    output: z.strictObject({ address: sha256HexSchema }),
  },
} as const;
