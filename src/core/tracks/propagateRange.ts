import { shortestArc } from '../annotations/cuboid/propagate';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AnnotationChange } from '../editor/changes';
import type { Editor } from '../editor/editor';
import type { Cuboid } from '../geometry/cuboid';
import { quatFromYaw, quatMultiply, quatNormalize, yawOf } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { frameLabel, keyframeOn, refuse, type TrackEditRefusal } from './trackFrames';

export interface RangePropagationRequest {
  readonly trackId: string;
  /** The frame whose box (a keyframe, or an interpolated box that becomes one) is carried along. */
  readonly fromFrameIndex: number;
  /** The last frame to fill, after or before `fromFrameIndex`. */
  readonly toFrameIndex: number;
  /** 'copy': the same box on every frame; 'velocity': moving on at the pace of the last two keyframes. */
  readonly mode: 'copy' | 'velocity';
}

/**
 * Moves a guessed box onto what the frame's points say (the fit), or null to keep the guess. The
 * next frame's guess starts from what this returns, so a refit keeps the run on the object.
 */
export type Refit = (frameIndex: number, guess: Cuboid) => Cuboid | null | Promise<Cuboid | null>;

export type RangePropagation =
  | {
      readonly ok: true;
      /** The keyframes made, in the order of the frames they were made on. */
      readonly created: readonly CuboidAnnotation[];
      /** Frames on the way that already had a keyframe: kept as they were, and the run goes on from them. */
      readonly kept: number;
      /** How many of the created boxes the refit moved. */
      readonly refitted: number;
      readonly guess: 'copy' | 'velocity';
    }
  | TrackEditRefusal;

interface Motion {
  /** Centre change per frame, towards later frames. */
  readonly step: Vec3;
  /** Yaw change per frame, towards later frames. */
  readonly turn: number;
}

/**
 * Fills frames `fromFrameIndex`..`toFrameIndex` of a track with keyframes, as one undo step: a
 * copy of the box, or a constant-velocity guess from the keyframe before it (after it, going
 * back) and the box itself, optionally refitted frame by frame. An interpolated box propagated from
 * becomes a keyframe in the same step. Existing keyframes on the way are never overwritten.
 */
export async function propagateRange(editor: Editor, request: RangePropagationRequest, refit?: Refit): Promise<RangePropagation> {
  const { trackId, fromFrameIndex: from, toFrameIndex: to } = request;
  const track = editor.trackOf(trackId);
  if (!track || track.kind !== 'cuboid') return refuse('Select a box to propagate');
  if (!Number.isInteger(to) || to < 0 || to >= editor.frameOrder.length) return refuse(`There is no ${frameLabel(to)}`);
  if (to === from) return refuse('Choose a frame other than the one shown');
  const source = editor.trackAt(trackId, from);
  if (!source || source.kind !== 'cuboid') return refuse(`The track has no box on ${frameLabel(from)}`);
  const direction = to > from ? 1 : -1;
  const changes: AnnotationChange[] = [];
  const draft = (frameIndex: number, cuboid: Cuboid): CuboidAnnotation => {
    const after = editor.draftCuboid({ frameId: editor.frameOrder[frameIndex], trackId, classId: source.classId, cuboid, attributes: source.attributes });
    changes.push({ objectId: after.objectId, before: null, after });
    return after;
  };
  if (!keyframeOn(track, from)) draft(from, source.cuboid);

  const motion = request.mode === 'velocity' ? motionTowards(editor, trackId, from, source.cuboid, direction) : null;
  const created: CuboidAnnotation[] = [];
  let previous = source.cuboid;
  let kept = 0;
  let refitted = 0;
  for (let f = from + direction; direction > 0 ? f <= to : f >= to; f += direction) {
    const existing = keyframeOn(track, f);
    if (existing) {
      if (existing.kind === 'cuboid') previous = existing.cuboid;
      kept++;
      continue;
    }
    const guess = motion ? moved(previous, motion, direction) : previous;
    const fitted = refit ? await refit(f, guess) : null;
    if (fitted) refitted++;
    previous = fitted ?? guess;
    created.push(draft(f, previous));
  }
  if (created.length === 0) return refuse('Every frame of that range already has a keyframe of this track');
  const span = direction > 0 ? `${from + 2}–${to + 1}` : `${to + 1}–${from}`;
  try {
    editor.commitChanges(`propagate to frames ${span}`, changes);
  } catch {
    return refuse('The track changed while propagating; nothing was made');
  }
  return { ok: true, created, kept, refitted, guess: motion ? 'velocity' : 'copy' };
}

/** The pace between the source box and the nearest keyframe behind it (on the side away from `direction`). */
function motionTowards(editor: Editor, trackId: string, from: number, source: Cuboid, direction: 1 | -1): Motion | null {
  const keyframes = editor.trackOf(trackId)?.keyframes ?? [];
  const behind = direction > 0 ? keyframes.findLast((k) => k.frameIndex < from) : keyframes.find((k) => k.frameIndex > from);
  if (!behind || behind.record.kind !== 'cuboid') return null;
  const frames = from - behind.frameIndex;
  const b = behind.record.cuboid;
  return {
    step: [(source.center[0] - b.center[0]) / frames, (source.center[1] - b.center[1]) / frames, (source.center[2] - b.center[2]) / frames],
    turn: shortestArc(yawOf(source.rotation) - yawOf(b.rotation)) / frames,
  };
}

/** One frame on (direction 1) or back (−1) at constant velocity: the heading turned about the vertical, so a tilt is kept. */
function moved(box: Cuboid, motion: Motion, direction: 1 | -1): Cuboid {
  const c = box.center;
  const s = motion.step;
  return {
    ...box,
    center: [c[0] + direction * s[0], c[1] + direction * s[1], c[2] + direction * s[2]],
    rotation: quatNormalize(quatMultiply(quatFromYaw(direction * motion.turn), box.rotation)),
  };
}
