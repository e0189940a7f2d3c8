import type { TrackInterpolation, TrackKeyframe } from '../kind';
import { interpolateCuboid, type CuboidKey } from './interpolate';
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
  const { latest, keys } = keysOf(keyframes);
  const cuboid = interpolateCuboid(keys, frameIndex, { ...options, lockedSize: latest.cuboid.size });
  if (!cuboid) return null;
  let before = keyframes[0];
  for (const k of keyframes) if (k.frameIndex <= frameIndex) before = k;
  return before.frameIndex === frameIndex ? before.record : { ...before.record, cuboid };
}

interface TrackKeys {
  readonly latest: CuboidAnnotation;
  readonly keys: readonly CuboidKey[];
}

// A track's keyframes are one array until the track is edited (the editor places each track once
// per edit, in a new array; a keyframe list is never changed in place): its keys and its latest keyframe are worked out once for it, not on every frame asked
// of it (a step over 200 tracks of 100 keyframes made 20,000 keys to throw away).
const keysByTrack = new WeakMap<readonly TrackKeyframe<CuboidAnnotation>[], TrackKeys>();

function keysOf(keyframes: readonly TrackKeyframe<CuboidAnnotation>[]): TrackKeys {
  const held = keysByTrack.get(keyframes);
  if (held) return held;
  let latest = keyframes[0].record;
  for (const k of keyframes) if (k.record.updatedAt > latest.updatedAt) latest = k.record;
  const made: TrackKeys = { latest, keys: keyframes.map((k) => ({ frameIndex: k.frameIndex, cuboid: k.record.cuboid })) };
  keysByTrack.set(keyframes, made);
  return made;
}
