import { z } from 'zod';
import { cameraIdSchema, linkedTrackIdSchema, pixel } from '../image2d';
import { recordFields } from '../recordFields';

export const box2dRectSchema = z
  .strictObject({ x0: pixel, y0: pixel, x1: pixel, y1: pixel })
  .readonly()
  .refine((b) => b.x0 < b.x1 && b.y0 < b.y1, { error: 'must have x0 < x1 and y0 < y1' });

export type Box2dRect = z.output<typeof box2dRectSchema>;

/**
 * A box projected from a 3D object rather than drawn: it follows the source's edits until
 * `detached` (the user edited the box by hand, or asked to keep it as it is).
 */
export const box2dDerivedSchema = z
  .strictObject({
    /** The cuboid track the box was projected from. */
    sourceTrackId: z.uuid(),
    /** The cuboid record projected, when the frame holds a keyframe; absent for an interpolated box. */
    sourceObjectId: z.uuid().optional(),
    detached: z.boolean(),
  })
  .readonly();

export type Box2dDerived = z.output<typeof box2dDerivedSchema>;

/** One axis-aligned 2D box of one object in one camera image of one frame: a keyframe of its 2D track. */
export const box2dAnnotationSchema = z
  .strictObject({
    kind: z.literal('box2d'),
    ...recordFields,
    cameraId: cameraIdSchema,
    box: box2dRectSchema,
    linkedTrackId: linkedTrackIdSchema,
    derived: box2dDerivedSchema.optional(),
    /**
     * A region to ignore when scoring (KITTI DontCare, a crowd): read-only ground truth, neither a
     * hit nor a miss for a detector.
     */
    ignore: z.boolean().optional(),
  })
  .readonly();

export type Box2dAnnotation = z.output<typeof box2dAnnotationSchema>;
