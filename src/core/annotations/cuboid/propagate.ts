import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, quatMultiply, quatNormalize, yawOf } from '../../geometry/quaternion';
import type { Editor } from '../../editor/editor';
import type { CuboidAnnotation } from './schema';

/** The box a track is expected to have one frame on: what propagate stores. */
export type Propagation =
  | { readonly ok: true; readonly record: CuboidAnnotation; readonly frameIndex: number; readonly guess: 'copy' | 'velocity' }
  | { readonly ok: false; readonly reason: string };

/** Yaw difference taken the short way round, in (−π, π]. */
export function shortestArc(delta: number): number {
  const wrapped = delta - 2 * Math.PI * Math.round(delta / (2 * Math.PI));
  return wrapped === -Math.PI ? Math.PI : wrapped;
}

/**
 * Where a box moves in one frame if it keeps the pace it had between two keyframes `frames` apart:
 * the centre by the same step per frame, the heading turned by the same angle per frame about the
 * vertical (applied to the whole rotation, so a tilted box keeps its tilt), the size unchanged.
 */
export function constantVelocityStep(before: Cuboid, last: Cuboid, frames: number): Cuboid {
  const step = (i: number) => last.center[i] + (last.center[i] - before.center[i]) / frames;
  const turn = shortestArc(yawOf(last.rotation) - yawOf(before.rotation)) / frames;
  return {
    ...last,
    center: [step(0), step(1), step(2)],
    rotation: quatNormalize(quatMultiply(quatFromYaw(turn), last.rotation)),
  };
}

/**
 * Creates, as one undo step, the keyframe of a box's track on the next frame: a copy of the box,
 * or a constant-velocity guess when the track has a keyframe before this one (the annotator then
 * corrects a box that is already close instead of dragging one from where the object was).
 */
export function propagateToNextFrame(editor: Editor, objectId: string): Propagation {
  const record = editor.get(objectId);
  if (!record || record.kind !== 'cuboid') return { ok: false, reason: 'Select a box to propagate' };
  const at = editor.frameIndexOf(record.frameId);
  if (at === undefined) return { ok: false, reason: 'The box lies on a frame outside the timeline' };
  const next = at + 1;
  const nextFrameId = editor.frameOrder[next];
  if (nextFrameId === undefined) return { ok: false, reason: 'The box is on the last frame' };
  const keyframes = editor.trackOf(record.trackId)?.keyframes ?? [];
  if (keyframes.some((k) => k.frameIndex === next)) return { ok: false, reason: 'The track already has a keyframe on the next frame' };
  const before = keyframes.filter((k) => k.frameIndex < at).at(-1);
  const cuboid = before && before.record.kind === 'cuboid' ? constantVelocityStep(before.record.cuboid, record.cuboid, at - before.frameIndex) : record.cuboid;
  const created = editor.createCuboid({
    frameId: nextFrameId,
    classId: record.classId,
    cuboid,
    attributes: record.attributes,
    trackId: record.trackId,
  });
  return { ok: true, record: created, frameIndex: next, guess: before ? 'velocity' : 'copy' };
}
