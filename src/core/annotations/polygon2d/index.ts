import type { AnnotationKind } from '../kind';
import { polygon2dAnnotationSchema } from './schema';

/**
 * Polygons do not interpolate: two outlines of one object rarely have matching vertices, so a
 * track of polygons shows only on its keyframes.
 */
export const polygon2dKind = {
  kind: 'polygon2d',
  schema: polygon2dAnnotationSchema,
  upgrade: (raw: Readonly<Record<string, unknown>>): Record<string, unknown> => ({ ...raw }),
} as const satisfies AnnotationKind<'polygon2d', typeof polygon2dAnnotationSchema>;
