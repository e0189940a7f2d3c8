import { z } from 'zod';
import { cameraIdSchema, linkedTrackIdSchema, pixel } from '../image2d';
import { recordFields } from '../recordFields';

export const MIN_POLYGON_VERTICES = 3;
/** Beyond what anyone clicks; keeps one record's JSON small. */
export const MAX_POLYGON_VERTICES = 4096;

const vertex = z.tuple([pixel, pixel]).readonly();

/** One closed polygon (the last vertex joins the first) in one camera image of one frame. */
export const polygon2dAnnotationSchema = z
  .strictObject({
    kind: z.literal('polygon2d'),
    ...recordFields,
    cameraId: cameraIdSchema,
    vertices: z
      .array(vertex)
      .min(MIN_POLYGON_VERTICES, { error: `must have at least ${MIN_POLYGON_VERTICES} vertices` })
      .max(MAX_POLYGON_VERTICES, { error: `must have at most ${MAX_POLYGON_VERTICES} vertices` })
      .readonly(),
    linkedTrackId: linkedTrackIdSchema,
  })
  .readonly();

export type Polygon2dAnnotation = z.output<typeof polygon2dAnnotationSchema>;
export type Vertex2d = readonly [number, number];
