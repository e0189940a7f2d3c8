import type { Box2dAnnotation } from './box2d/schema';
import type { CuboidAnnotation } from './cuboid/schema';
import type { Polygon2dAnnotation } from './polygon2d/schema';
import type { AnnotationRecord } from './registry';

/** Narrowing by kind, for the code that means one kind (a 3D view shows cuboids; a camera panel shows 2D labels). */

export function isCuboidRecord(r: AnnotationRecord): r is CuboidAnnotation {
  return r.kind === 'cuboid';
}

export function isBox2dRecord(r: AnnotationRecord): r is Box2dAnnotation {
  return r.kind === 'box2d';
}

export function isPolygon2dRecord(r: AnnotationRecord): r is Polygon2dAnnotation {
  return r.kind === 'polygon2d';
}

/** A label drawn in a camera image. */
export type Image2dAnnotation = Box2dAnnotation | Polygon2dAnnotation;

export function isImage2dRecord(r: AnnotationRecord): r is Image2dAnnotation {
  return r.kind === 'box2d' || r.kind === 'polygon2d';
}

/** The record as a cuboid, for code that holds a cuboid's id; anything else is a caller's error. */
export function asCuboid(r: AnnotationRecord | null | undefined): CuboidAnnotation {
  if (!r || r.kind !== 'cuboid') throw new Error(r ? `object ${r.objectId} is a ${r.kind}, not a cuboid` : 'no such object');
  return r;
}
