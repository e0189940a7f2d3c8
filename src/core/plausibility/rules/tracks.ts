import type { PlacedBox } from '../types';

/** Keyframes grouped by track, each track in timeline order. */
export function tracksOf(boxes: readonly PlacedBox[]): PlacedBox[][] {
  const byTrack = new Map<string, PlacedBox[]>();
  for (const b of boxes) {
    const list = byTrack.get(b.record.trackId);
    if (list) list.push(b);
    else byTrack.set(b.record.trackId, [b]);
  }
  return [...byTrack.values()].map((list) => list.sort((a, b) => a.frame.index - b.frame.index));
}

/** Boxes grouped by frame. */
export function framesOf(boxes: readonly PlacedBox[]): PlacedBox[][] {
  const byFrame = new Map<string, PlacedBox[]>();
  for (const b of boxes) {
    const list = byFrame.get(b.frame.frameId);
    if (list) list.push(b);
    else byFrame.set(b.frame.frameId, [b]);
  }
  return [...byFrame.values()];
}

export function where(box: PlacedBox) {
  const r = box.record;
  return { frameIndex: box.frame.index, frameId: box.frame.frameId, objectId: r.objectId, trackId: r.trackId, classId: r.classId };
}
