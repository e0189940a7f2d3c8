import type { Editor } from './editor';
import { trackOfInterpolatedId } from './tools/frameBoxes';

/** What a track has on one frame of the timeline. */
export type TrackFrameState = 'keyframe' | 'interpolated' | 'absent';

/** The track a selection belongs to: a stored record's, or the one an interpolated id names. */
export function selectedTrackId(editor: Editor, selectedId: string | null): string | null {
  if (selectedId === null) return null;
  const trackId = trackOfInterpolatedId(selectedId) ?? editor.get(selectedId)?.trackId ?? null;
  return trackId !== null && editor.trackOf(trackId) ? trackId : null;
}

/**
 * The state of a track on every frame of the timeline, for the strip under it: keyframes where
 * records are stored, interpolated between the first and the last, absent outside. A kind that
 * does not interpolate shows no box between its keyframes, so those frames read absent.
 */
export function trackFrameStates(editor: Editor, trackId: string): TrackFrameState[] {
  const states: TrackFrameState[] = editor.frameOrder.map(() => 'absent');
  const keyframes = editor.trackOf(trackId)?.keyframes ?? [];
  if (keyframes.length === 0) return states;
  for (let i = keyframes[0].frameIndex; i <= keyframes[keyframes.length - 1].frameIndex; i++) {
    if (editor.trackAt(trackId, i)) states[i] = 'interpolated';
  }
  for (const k of keyframes) states[k.frameIndex] = 'keyframe';
  return states;
}

/** The nearest keyframe of a track before (−1) or after (+1) a frame, or null when there is none that way. */
export function neighbourKeyframe(editor: Editor, trackId: string, frameIndex: number, direction: -1 | 1): number | null {
  const keyframes = editor.trackOf(trackId)?.keyframes ?? [];
  if (direction > 0) return keyframes.find((k) => k.frameIndex > frameIndex)?.frameIndex ?? null;
  return keyframes.findLast((k) => k.frameIndex < frameIndex)?.frameIndex ?? null;
}
