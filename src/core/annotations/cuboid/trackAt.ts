import type { TrackInterpolation, TrackKeyframe } from '../kind';
import { interpolateCuboid } from './interpolate';
import type { CuboidAnnotation } from './schema';

/**
 * The record a cuboid track shows at a frame (see AnnotationKind.interpolate). A locked track's
 * size is the one its most recently edited keyframe has: the last resize the annotator made wins.
 */
export function cuboidTrackAt(
  keyframes: readonly TrackKeyframe<CuboidAnnotation>[],
  frameIndex: number,
  options: TrackInterpolation = {},
): CuboidAnnotation | null {
  if (keyframes.length === 0) return null;
  let latest = keyframes[0].record;
  for (const k of keyframes) if (k.record.updatedAt > latest.updatedAt) latest = k.record;
  const keys = keyframes.map((k) => ({ frameIndex: k.frameIndex, cuboid: k.record.cuboid }));
  const cuboid = interpolateCuboid(keys, frameIndex, { ...options, lockedSize: latest.cuboid.size });
  if (!cuboid) return null;
  let before = keyframes[0];
  for (const k of keyframes) if (k.frameIndex <= frameIndex) before = k;
  return before.frameIndex === frameIndex ? before.record : { ...before.record, cuboid };
}
