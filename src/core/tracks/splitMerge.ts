import type { AnnotationChange } from '../editor/changes';
import type { Editor } from '../editor/editor';
import type { TrackSettingsChange } from './trackSettings';
import { frameLabel, pinInterpolated, refuse, type TrackEditRefusal } from './trackFrames';

export type SplitResult = { readonly ok: true; readonly newTrackId: string } | TrackEditRefusal;
export type MergeResult = { readonly ok: true; readonly moved: number } | TrackEditRefusal;
export type DeleteFromResult = { readonly ok: true; readonly deleted: number } | TrackEditRefusal;

/**
 * Splits a track before frame `at`: from there on its keyframes belong to a new track (a new
 * object with the same settings and source). An interpolated box on `at` and on the frame before
 * are kept as keyframes of their halves, so both halves show what the track showed.
 */
export function splitTrack(editor: Editor, trackId: string, at: number): SplitResult {
  const track = editor.trackOf(trackId);
  if (!track || track.keyframes.length === 0) return refuse('Select a box of a track to split');
  const first = track.keyframes[0].frameIndex;
  const last = track.keyframes[track.keyframes.length - 1].frameIndex;
  if (at <= first || at > last) return refuse(`A track is split between two of its boxes: ${frameLabel(at)} is not after its first box and within it`);
  const newTrackId = editor.newId();
  const changes: AnnotationChange[] = [];
  const before = pinInterpolated(editor, track, at - 1);
  if (before) changes.push(before);
  const from = pinInterpolated(editor, track, at);
  if (from) changes.push({ ...from, after: { ...from.after!, trackId: newTrackId } });
  for (const k of track.keyframes) {
    if (k.frameIndex < at) continue;
    changes.push({ objectId: k.record.objectId, before: k.record, after: editor.draftUpdate(k.record, { trackId: newTrackId }) });
  }
  const settings = editor.storedTrackSettings().get(trackId);
  editor.commitChanges(`split track at ${frameLabel(at)}`, changes, settings ? [{ trackId: newTrackId, before: null, after: settings }] : []);
  return { ok: true, newTrackId };
}

/**
 * Joins track `other` to `trackId`: its keyframes become keyframes of the first, which keeps its
 * settings. Two keyframes on one frame are refused rather than one dropped: the annotator chooses
 * which box stays, by deleting the other first.
 */
export function mergeTracks(editor: Editor, trackId: string, other: string): MergeResult {
  const into = editor.trackOf(trackId);
  const from = editor.trackOf(other);
  if (!into || !from) return refuse('Choose two tracks to merge');
  if (trackId === other) return refuse('A track cannot be merged with itself');
  if (into.kind !== from.kind) return refuse(`A ${into.kind} track cannot take ${from.kind} keyframes`);
  const taken = new Set(into.keyframes.map((k) => k.frameIndex));
  const clashes = from.keyframes.filter((k) => taken.has(k.frameIndex)).map((k) => k.frameIndex + 1);
  if (clashes.length > 0) {
    const listed = clashes.length > 5 ? `${clashes.slice(0, 5).join(', ')} and ${clashes.length - 5} more` : clashes.join(', ');
    return refuse(`Both tracks have a box on frame${clashes.length > 1 ? 's' : ''} ${listed}: delete the one that should go, then merge`);
  }
  const changes = from.keyframes.map((k) => ({ objectId: k.record.objectId, before: k.record, after: editor.draftUpdate(k.record, { trackId }) }));
  const settings = editor.storedTrackSettings().get(other);
  const dropped: TrackSettingsChange[] = settings ? [{ trackId: other, before: settings, after: null }] : [];
  editor.commitChanges('merge tracks', changes, dropped);
  return { ok: true, moved: changes.length };
}

/**
 * Deletes a track's boxes on frame `at` and after. An interpolated box on the frame before is kept
 * as a keyframe, so the frames before `at` keep what they showed; a track left with no box loses
 * its settings in the same step.
 */
export function deleteTrackFrom(editor: Editor, trackId: string, at: number): DeleteFromResult {
  const track = editor.trackOf(trackId);
  if (!track || track.keyframes.length === 0) return refuse('Select a box of a track');
  const doomed = track.keyframes.filter((k) => k.frameIndex >= at);
  if (doomed.length === 0) return refuse(`The track has no keyframe on ${frameLabel(at)} or after`);
  const changes: AnnotationChange[] = doomed.map((k) => ({ objectId: k.record.objectId, before: k.record, after: null }));
  const pin = pinInterpolated(editor, track, at - 1);
  if (pin) changes.unshift(pin);
  const settings = editor.storedTrackSettings().get(trackId);
  const emptied = doomed.length === track.keyframes.length;
  editor.commitChanges(`delete track from ${frameLabel(at)} on`, changes, emptied && settings ? [{ trackId, before: settings, after: null }] : []);
  return { ok: true, deleted: doomed.length };
}

/** A track the annotator may merge into another, as the picker lists it. */
export interface MergeCandidate {
  readonly trackId: string;
  readonly classId: string;
  /** First and last keyframe's frame index. */
  readonly first: number;
  readonly last: number;
  /** Frames on which both tracks have a keyframe: a merge would be refused until one goes. */
  readonly clashes: number;
}

/**
 * The tracks of the same kind that `trackId` could take, nearest in time first (a track cut in
 * two by an occlusion ends just before the other starts), the ones that would be refused last.
 */
export function mergeCandidates(editor: Editor, trackId: string): MergeCandidate[] {
  const into = editor.trackOf(trackId);
  if (!into || into.keyframes.length === 0) return [];
  const taken = new Set(into.keyframes.map((k) => k.frameIndex));
  const a0 = into.keyframes[0].frameIndex;
  const a1 = into.keyframes[into.keyframes.length - 1].frameIndex;
  const gap = (c: MergeCandidate) => Math.max(0, c.first - a1, a0 - c.last);
  return editor
    .tracks()
    .filter((t) => t.trackId !== trackId && t.kind === into.kind && t.keyframes.length > 0)
    .map((t) => ({
      trackId: t.trackId,
      classId: t.keyframes[0].record.classId,
      first: t.keyframes[0].frameIndex,
      last: t.keyframes[t.keyframes.length - 1].frameIndex,
      clashes: t.keyframes.filter((k) => taken.has(k.frameIndex)).length,
    }))
    .sort((x, y) => Number(x.clashes > 0) - Number(y.clashes > 0) || gap(x) - gap(y) || x.first - y.first);
}
