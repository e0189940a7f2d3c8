import type { AnnotationChange } from '../editor/changes';
import type { Editor, Track } from '../editor/editor';
import type { AnnotationRecord } from '../annotations/registry';

/** A failed track edit: nothing was committed, and the reason is meant for the annotator. */
export interface TrackEditRefusal {
  readonly ok: false;
  readonly reason: string;
}

export function refuse(reason: string): TrackEditRefusal {
  return { ok: false, reason };
}

/** The track's keyframe on a frame, if it has one there. */
export function keyframeOn(track: Track, frameIndex: number): AnnotationRecord | undefined {
  return track.keyframes.find((k) => k.frameIndex === frameIndex)?.record;
}

/**
 * The change that stores what a track shows on a frame as a keyframe there, when it shows an
 * interpolated box (null on a keyframe or outside the span). Edits that cut a track or change part
 * of it pin the frames next to the cut this way, so frames the edit does not name keep their boxes.
 */
export function pinInterpolated(editor: Editor, track: Track, frameIndex: number): AnnotationChange | null {
  if (keyframeOn(track, frameIndex)) return null;
  const shown = editor.trackAt(track.trackId, frameIndex);
  const frameId = editor.frameOrder[frameIndex];
  if (!shown || shown.kind !== 'cuboid' || frameId === undefined) return null;
  const after = editor.draftCuboid({ frameId, trackId: track.trackId, classId: shown.classId, cuboid: shown.cuboid, attributes: shown.attributes });
  return { objectId: after.objectId, before: null, after };
}

/** Frames are numbered from 1 where the annotator reads them (the timeline, undo labels). */
export function frameLabel(frameIndex: number): string {
  return `frame ${frameIndex + 1}`;
}
