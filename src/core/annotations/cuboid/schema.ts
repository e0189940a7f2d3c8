import { z } from 'zod';
import { MAX_COORDINATE } from '../../formats/coordinateLimits';
import { MAX_CUBOID_EDGE, MIN_CUBOID_EDGE } from '../../geometry/cuboid';
import { text } from '../../model/text';
import { recordFields } from '../recordFields';

/** The editor normalises rotations; anything further from unit length was not made by it. */
export const UNIT_QUATERNION_TOLERANCE = 1e-6;

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

export const cuboidSchema = z.strictObject({
  frame: text(128, 1),
  center: z.tuple([coordinate, coordinate, coordinate]).readonly(),
  size: z.tuple([edge, edge, edge]).readonly(),
  rotation: unitQuaternion,
});

/** One 3D box of one object in one frame: a keyframe of its track. */
export const cuboidAnnotationSchema = z
  .strictObject({
    kind: z.literal('cuboid'),
    ...recordFields,
    cuboid: cuboidSchema,
  })
  .readonly();

export type CuboidAnnotation = z.output<typeof cuboidAnnotationSchema>;
