import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AnnotationChange } from '../editor/changes';
import type { Editor } from '../editor/editor';
import { validateCuboid, type Cuboid } from '../geometry/cuboid';
import { quatFromYaw, quatMultiply, quatNormalize } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { frameLabel, pinInterpolated, refuse, type TrackEditRefusal } from './trackFrames';

/** What a range edit does to every box in it: moves, turns and resizes by deltas, or sets the class. */
export interface RangeEdit {
  /** Metres added to the centre. */
  readonly translate?: Vec3;
  /** Radians turned about the vertical through the box's centre. */
  readonly yaw?: number;
  /** Metres added to length, width and height. */
  readonly size?: Vec3;
  readonly classId?: string;
}

export type RangeEditResult = { readonly ok: true; readonly changed: number } | TrackEditRefusal;

/**
 * Applies one edit to frames `from`..`to` of a cuboid track, as one undo step. The keyframes in
 * the range take it, and interpolated frames at the range's ends are pinned first (inside the range
 * as edited keyframes, just outside as keyframes as they were), so every frame in the range shows
 * its box edited and every frame outside shows what it did. A size change on a locked track
 * resizes every keyframe of the track: a locked track has one size.
 */
export function editRange(editor: Editor, trackId: string, from: number, to: number, edit: RangeEdit): RangeEditResult {
  const track = editor.trackOf(trackId);
  if (!track || track.kind !== 'cuboid' || track.keyframes.length === 0) return refuse('Select a box of a track to edit');
  const first = track.keyframes[0].frameIndex;
  const last = track.keyframes[track.keyframes.length - 1].frameIndex;
  const lo = Math.max(Math.min(from, to), first);
  const hi = Math.min(Math.max(from, to), last);
  if (lo > hi) return refuse(`The track has no box from ${frameLabel(Math.min(from, to))} to ${Math.max(from, to) + 1}`);
  if (!edit.translate && !edit.yaw && !edit.size && edit.classId === undefined) return { ok: true, changed: 0 };
  const sizeWholeTrack = edit.size !== undefined && (editor.trackSettingsOf(trackId).size ?? 'locked') === 'locked';
  const outside: RangeEdit = sizeWholeTrack ? { size: edit.size } : {};
  const edited = (r: CuboidAnnotation, e: RangeEdit): CuboidAnnotation => ({ ...r, classId: e.classId ?? r.classId, cuboid: validateCuboid(editedCuboid(r.cuboid, e)) });

  const changes: AnnotationChange[] = [];
  try {
    for (const [frameIndex, e] of [[lo - 1, outside], [hi + 1, outside], [lo, edit], ...(hi !== lo ? [[hi, edit] as const] : [])] as const) {
      const pin = pinInterpolated(editor, track, frameIndex);
      if (pin) changes.push({ ...pin, after: edited(pin.after as CuboidAnnotation, e) });
    }
    for (const k of track.keyframes) {
      const inside = k.frameIndex >= lo && k.frameIndex <= hi;
      if ((!inside && !sizeWholeTrack) || k.record.kind !== 'cuboid') continue;
      const after = editor.draftUpdate(k.record, edited(k.record, inside ? edit : outside));
      if (after !== k.record) changes.push({ objectId: k.record.objectId, before: k.record, after });
    }
  } catch (e) {
    return refuse(`That edit makes a box impossible: ${(e as Error).message}`);
  }
  editor.commitChanges(`edit frames ${lo + 1}–${hi + 1}`, changes);
  return { ok: true, changed: changes.length };
}

function editedCuboid(box: Cuboid, edit: RangeEdit): Cuboid {
  const t = edit.translate ?? [0, 0, 0];
  const size = edit.size;
  return {
    ...box,
    center: [box.center[0] + t[0], box.center[1] + t[1], box.center[2] + t[2]],
    size: size ? [box.size[0] + size[0], box.size[1] + size[1], box.size[2] + size[2]] : box.size,
    rotation: edit.yaw ? quatNormalize(quatMultiply(quatFromYaw(edit.yaw), box.rotation)) : box.rotation,
  };
}
