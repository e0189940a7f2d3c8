import type { RelationAnnotation } from '../../annotations/relation/schema';
import { runsOf } from '../../scenegraph/frameIntervals';
import type { CheckFrame, PlacedBox, RuleFinding } from '../types';

/** Where each track is on the timeline: its first and last keyframe (it shows a box on every frame between). */
function spans(tracks: readonly (readonly PlacedBox[])[]): Map<string, readonly [number, number]> {
  const out = new Map<string, readonly [number, number]>();
  for (const track of tracks) out.set(track[0].record.trackId, [track[0].frame.index, track[track.length - 1].frame.index]);
  return out;
}

/**
 * Relations that hold on frames where their subject or object has no box: one finding per run of
 * such frames, on its first frame, measuring the run's length. A relation whose range the scene's
 * frames cannot place is left out here (the caller counts it as not checked).
 */
export function relationEndFindings(relations: readonly RelationAnnotation[], tracks: readonly (readonly PlacedBox[])[], frames: readonly CheckFrame[]): RuleFinding[] {
  const byId = new Map(frames.map((f) => [f.frameId, f]));
  const byIndex = new Map(frames.map((f) => [f.index, f]));
  const span = spans(tracks);
  const out: RuleFinding[] = [];
  for (const r of relations) {
    const first = byId.get(r.frameId)?.index;
    const last = byId.get(r.relation.lastFrameId)?.index;
    if (first === undefined || last === undefined) continue;
    const ends = [
      { name: 'subject', span: span.get(r.relation.subjectTrackId) },
      { name: 'object', span: span.get(r.relation.objectTrackId) },
    ];
    const missing = new Map<number, string[]>();
    for (let i = first; i <= last; i++) {
      const absent = ends.filter((e) => !e.span || i < e.span[0] || i > e.span[1]).map((e) => e.name);
      if (absent.length > 0) missing.set(i, absent);
    }
    for (const [start, end] of runsOf(missing.keys())) {
      const frame = byIndex.get(start);
      if (!frame) continue;
      const who = [...new Set(Array.from({ length: end - start + 1 }, (_, k) => missing.get(start + k)!).flat())].join(' and ');
      const where = start === end ? `frame ${start + 1}` : `frames ${start + 1}–${end + 1}`;
      out.push({
        rule: 'relation-ends',
        frameIndex: start,
        frameId: frame.frameId,
        objectId: r.objectId,
        trackId: r.trackId,
        classId: r.classId,
        value: end - start + 1,
        limit: 0,
        message: `"${r.classId.replace(/_/g, ' ')}" holds on ${where}, where its ${who} has no box`,
      });
    }
  }
  return out;
}
