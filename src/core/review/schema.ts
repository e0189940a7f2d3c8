import { z } from 'zod';
import { timestampSchema } from '../annotations/recordFields';
import { MAX_COORDINATE } from '../formats/coordinateLimits';
import { text } from '../model/text';
import { sha256HexSchema } from '../revisions/schema';

/**
 * The signed records of assignments and review (docs/store-layout.md): a lead's assignment of
 * frames to annotators, a reviewer's verdicts, and anyone's comments. Frames are named by their
 * index in the scene's sequence (the scene manifest maps an index to its frameId), the way a lead
 * and a reviewer speak of them.
 */

const authorSchema = z.strictObject({ keyId: sha256HexSchema }).readonly();
const frameIndexSchema = z.int().min(0).max(10_000_000);
/** A lane names a blind replica; revisions carry the same text in their `lane` (src/core/revisions/schema.ts). */
const laneSchema = text(128, 1);

export const MAX_ASSIGNED_FRAMES = 1_000_000;
export const MAX_ANNOTATORS = 256;

/** The frames an assignment covers: an explicit list, inclusive ranges, or the whole sequence of frameCount frames. */
export const assignedFramesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('list'), frames: z.array(frameIndexSchema).min(1).max(MAX_ASSIGNED_FRAMES) }).readonly(),
  z
    .strictObject({
      kind: z.literal('ranges'),
      ranges: z
        .array(z.strictObject({ first: frameIndexSchema, last: frameIndexSchema }).readonly().refine((r) => r.first <= r.last, { message: 'first must not be after last' }))
        .min(1)
        .max(10_000),
    })
    .readonly(),
  z.strictObject({ kind: z.literal('sequence'), frameCount: z.int().min(1).max(MAX_ASSIGNED_FRAMES) }).readonly(),
]);
export type AssignedFrames = z.output<typeof assignedFramesSchema>;

export const assignedAnnotatorSchema = z.strictObject({ keyId: sha256HexSchema, lane: laneSchema }).readonly();

/**
 * A lead's (an admin's) assignment: the frames of one scene shared among annotators, a fraction
 * of them (`overlap.rate`) given to `overlap.replicas` annotators blind to each other. The split
 * is not stored: anyone recomputes it from the record (splitAssignment, seeded by assignmentId).
 */
export const assignmentBodySchema = z
  .strictObject({
    format: z.literal('cairn.assignment'),
    version: z.literal(1),
    /** Seeds the overlap split, so every reader computes the same one. */
    assignmentId: z.uuid(),
    sceneId: z.uuid(),
    frames: assignedFramesSchema,
    /** Each annotator's key and the lane its blind replica is written in. */
    annotators: z.array(assignedAnnotatorSchema).min(1).max(MAX_ANNOTATORS),
    overlap: z.strictObject({ rate: z.number().min(0).max(1), replicas: z.int().min(1).max(MAX_ANNOTATORS) }).readonly(),
    /** Addresses of earlier assignments this one replaces: their frames leave the queues. */
    supersedes: z.array(sha256HexSchema).max(256),
    author: authorSchema,
    createdAt: timestampSchema,
    message: text(4096),
  })
  .readonly()
  .superRefine((body, ctx) => {
    const keys = new Set(body.annotators.map((a) => a.keyId));
    if (keys.size !== body.annotators.length) ctx.addIssue({ code: 'custom', path: ['annotators'], message: 'names an annotator twice' });
    if (new Set(body.annotators.map((a) => a.lane)).size !== body.annotators.length) ctx.addIssue({ code: 'custom', path: ['annotators'], message: 'gives two annotators one lane' });
    if (body.overlap.rate > 0 && (body.overlap.replicas < 2 || body.overlap.replicas > body.annotators.length)) {
      ctx.addIssue({ code: 'custom', path: ['overlap', 'replicas'], message: `an overlap needs from 2 to ${body.annotators.length} (the annotators) replicas` });
    }
  });
export type AssignmentBody = z.output<typeof assignmentBodySchema>;

export const VERDICTS = ['accept', 'reject'] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.output<typeof verdictSchema>;

/** One judgement: of a whole frame, or of one object in it. A rejection says why. */
export const reviewItemSchema = z
  .strictObject({
    frame: frameIndexSchema,
    objectId: z.uuid().optional(),
    verdict: verdictSchema,
    reason: text(4096),
  })
  .readonly()
  .refine((item) => item.verdict !== 'reject' || item.reason.trim().length > 0, { message: 'a rejection needs a reason', path: ['reason'] });
export type ReviewItem = z.output<typeof reviewItemSchema>;

/**
 * A reviewer's (or an admin's) verdicts on one annotator's work in one scene: accept or reject per
 * frame and per object, naming the revisions judged, so a later edit is seen as not yet judged.
 */
export const reviewBodySchema = z
  .strictObject({
    format: z.literal('cairn.review'),
    version: z.literal(1),
    sceneId: z.uuid(),
    /** Whose work is judged. */
    annotator: sha256HexSchema,
    /** The assignment and lane the work was done in; absent for the shared history. */
    assignment: sha256HexSchema.optional(),
    lane: laneSchema.optional(),
    /** The addresses of the revisions judged (the annotator's heads as reviewed). */
    revisions: z.array(sha256HexSchema).max(256),
    items: z.array(reviewItemSchema).min(1).max(100_000),
    author: authorSchema,
    createdAt: timestampSchema,
  })
  .readonly();
export type ReviewBody = z.output<typeof reviewBodySchema>;

const coordinate = z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE);

/** Where a comment is pinned: an object (in a frame, when it says so), a 3D point in a named frame of reference, or a whole frame. */
export const commentPinSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('object'), objectId: z.uuid(), frame: frameIndexSchema.optional() }).readonly(),
  z
    .strictObject({
      kind: z.literal('point'),
      frame: frameIndexSchema,
      /** x, y, z in metres, in `space` ("world", "ego" or a sensor id, as cuboids name theirs). */
      point: z.tuple([coordinate, coordinate, coordinate]).readonly(),
      space: text(128, 1),
    })
    .readonly(),
  z.strictObject({ kind: z.literal('frame'), frame: frameIndexSchema }).readonly(),
]);
export type CommentPin = z.output<typeof commentPinSchema>;

/**
 * A comment by anyone registered, pinned in a scene. A reply names the comment it answers
 * (`parent`); a comment that `resolves` a thread's first comment closes that thread.
 */
export const commentBodySchema = z
  .strictObject({
    format: z.literal('cairn.comment'),
    version: z.literal(1),
    sceneId: z.uuid(),
    pin: commentPinSchema,
    /** Whose work it is about, and in which lane; absent: everyone's. */
    annotator: sha256HexSchema.optional(),
    lane: laneSchema.optional(),
    /** The verdict it explains. */
    review: sha256HexSchema.optional(),
    parent: sha256HexSchema.optional(),
    resolves: sha256HexSchema.optional(),
    text: text(8192),
    author: authorSchema,
    createdAt: timestampSchema,
  })
  .readonly()
  .refine((c) => c.text.trim().length > 0 || c.resolves !== undefined, { message: 'a comment needs text (only a resolution may be empty)', path: ['text'] });
export type CommentBody = z.output<typeof commentBodySchema>;

export type ReviewRecordBody = AssignmentBody | ReviewBody | CommentBody;

/** A record that passed the verifier: its address (the SHA-256 of its canonical body) and its body. */
export interface VerifiedRecord<B> {
  readonly address: string;
  readonly body: B;
}
