import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import type { Cuboid } from '../../geometry/cuboid';
import type { Editor, Track } from '../editor';

/** An editable box of the frame, as picking, the tools and the view see it. */
export interface FrameBox {
  /** The stored record's id, or for a box interpolated on this frame the id `interpolatedBoxId` gives its track. */
  readonly objectId: string;
  readonly trackId: string;
  readonly classId: string;
  readonly cuboid: Cuboid;
  /** Computed between two keyframes of its track, not stored: an edit stores it as a keyframe. */
  readonly interpolated: boolean;
}

const INTERPOLATED = 'interpolated:';

/**
 * The selection id of a track's interpolated box. It names the track, not a frame: a track has at
 * most one box per frame, and the id keeps meaning "this object" as the timeline steps.
 */
export function interpolatedBoxId(trackId: string): string {
  return INTERPOLATED + trackId;
}

/** The track an interpolated box's id names, or null for any other id. */
export function trackOfInterpolatedId(id: string): string | null {
  return id.startsWith(INTERPOLATED) ? id.slice(INTERPOLATED.length) : null;
}

// The same box object for as long as what it shows is unchanged (records and placed tracks are
// replaced, never mutated, by an edit): views memoised on the box skip the boxes an edit left
// alone, so an edit on a frame of 1,000 boxes redraws one.
const storedBoxes = new WeakMap<CuboidAnnotation, FrameBox>();
const interpolatedBoxes = new WeakMap<Track, { readonly frameIndex: number; readonly box: FrameBox | null }>();

function stored(r: CuboidAnnotation): FrameBox {
  let box = storedBoxes.get(r);
  if (!box) storedBoxes.set(r, (box = { objectId: r.objectId, trackId: r.trackId, classId: r.classId, cuboid: r.cuboid, interpolated: false }));
  return box;
}

/** A track's interpolated box on a frame, kept for the last frame asked (the one on screen). */
function interpolated(editor: Editor, track: Track, frameIndex: number): FrameBox | null {
  const held = interpolatedBoxes.get(track);
  if (held?.frameIndex === frameIndex) return held.box;
  const r = editor.trackAt(track.trackId, frameIndex);
  const box = r?.kind === 'cuboid' ? { objectId: interpolatedBoxId(track.trackId), trackId: track.trackId, classId: r.classId, cuboid: r.cuboid, interpolated: true } : null;
  interpolatedBoxes.set(track, { frameIndex, box });
  return box;
}

/**
 * The frame's boxes: its stored cuboids, then the box each cuboid track interpolates here between
 * two of its keyframes (other kinds have no volume to pick or to hold a point).
 */
export function boxesInFrame(editor: Editor, frameId: string): FrameBox[] {
  const boxes = editor.inFrame(frameId).flatMap((r) => (r.kind === 'cuboid' ? [stored(r)] : []));
  const frameIndex = editor.frameIndexOf(frameId);
  if (frameIndex === undefined) return boxes;
  const here = new Set(boxes.map((b) => b.trackId));
  for (const track of editor.tracks()) {
    if (track.kind !== 'cuboid' || here.has(track.trackId)) continue;
    const box = interpolated(editor, track, frameIndex);
    if (box) boxes.push(box);
  }
  return boxes;
}

/**
 * The box an id shows on a frame: a stored record as it is; an interpolated id as its track's
 * keyframe there when one has been made since (an edit mid-drag), else the interpolated box.
 */
export function boxOnFrame(editor: Editor, id: string, frameId: string): FrameBox | null {
  const trackId = trackOfInterpolatedId(id);
  if (trackId === null) {
    const r = editor.get(id);
    return r?.kind === 'cuboid' && r.frameId === frameId ? stored(r) : null;
  }
  const keyframe = editor.inFrame(frameId).find((r) => r.trackId === trackId);
  if (keyframe) return keyframe.kind === 'cuboid' ? stored(keyframe) : null;
  const frameIndex = editor.frameIndexOf(frameId);
  const r = frameIndex === undefined ? null : editor.trackAt(trackId, frameIndex);
  return r?.kind === 'cuboid' ? { objectId: id, trackId, classId: r.classId, cuboid: r.cuboid, interpolated: true } : null;
}

/**
 * The record an id shows on a frame, for panels that read a whole record (class, attributes,
 * author): a stored one as it is, an interpolated one under the id and frame it is shown with, so
 * an edit made from it goes through editFrameBox to the right track and frame.
 */
export function recordOnFrame(editor: Editor, id: string, frameId: string): CuboidAnnotation | null {
  const box = boxOnFrame(editor, id, frameId);
  if (!box) return null;
  const r = box.interpolated ? editor.trackAt(box.trackId, editor.frameIndexOf(frameId)!) : editor.get(box.objectId);
  if (r?.kind !== 'cuboid') return null;
  return box.interpolated ? { ...r, objectId: id, frameId, cuboid: box.cuboid } : r;
}

/** Whether a box is the one selected: its own id, or its track's interpolated id (kept while a drag turns it into a keyframe). */
export function isSelectedBox(box: FrameBox, selectedId: string | null): boolean {
  return selectedId !== null && (box.objectId === selectedId || trackOfInterpolatedId(selectedId) === box.trackId);
}
