import { interpolatorOf } from '../annotations/registry';
import type { Editor } from './editor';
import { trackOfInterpolatedId } from './tools/frameBoxes';

/** What a track has on one frame of the timeline. */
export type TrackFrameState = 'keyframe' | 'interpolated' | 'absent';

/** The track a selection belongs to: a stored record's, or the one an interpolated id names. */
export function selectedTrackId(editor: Editor, selectedId: string | null): string | null {
  if (selectedId === null) return null;
  const trackId = trackOfInterpolatedId(selectedId) ?? editor.get(selectedId)?.trackId ?? null;
  // A relation has a track of its own, but no box on the timeline for the track tools to edit.
  const kind = trackId === null ? undefined : editor.trackOf(trackId)?.kind;
  return kind !== undefined && kind !== 'relation' ? trackId : null;
}

/**
 * The state of a track on every frame of the timeline, for the strip under it: keyframes where
 * records are stored, interpolated between the first and the last, absent outside. A kind that
 * does not interpolate shows no box between its keyframes, so those frames read absent.
 */
export function trackFrameStates(editor: Editor, trackId: string): TrackFrameState[] {
  const states: TrackFrameState[] = editor.frameOrder.map(() => 'absent');
  const track = editor.trackOf(trackId);
  const keyframes = track?.keyframes ?? [];
  if (!track || keyframes.length === 0) return states;
  // A kind that interpolates shows a box on every frame of its span: no box needs working out.
  if (interpolatorOf(track.kind)) states.fill('interpolated', keyframes[0].frameIndex, keyframes[keyframes.length - 1].frameIndex + 1);
  for (const k of keyframes) states[k.frameIndex] = 'keyframe';
  return states;
}

/** A run of frames the strip draws as one cell. */
export interface TrackStripCell {
  /** First and last frame of the run (inclusive). */
  readonly from: number;
  readonly to: number;
  /** A keyframe anywhere in the run shows; else a box interpolated anywhere; else absent. */
  readonly state: TrackFrameState;
  /** Frames of the run in the other states too (a run that is partly absent, say). */
  readonly mixed: boolean;
}

/**
 * The strip's cells: one a frame while the frames fit in `maxCells`, else runs of neighbouring
 * frames (as even as whole frames allow), so a 1,000-frame track stays a row of clickable cells in
 * which no keyframe disappears.
 *
 * A cell the same as `previous`'s at its place is that very object, and the very `previous` comes
 * back when every cell is: the strip then leaves those cells alone (another track of the same span
 * selected, an edit elsewhere on the track) instead of drawing a thousand frames' cells anew.
 */
export function trackStripCells(states: readonly TrackFrameState[], maxCells: number, previous: readonly TrackStripCell[] = []): readonly TrackStripCell[] {
  const n = states.length;
  const count = Math.max(1, Math.min(n, Math.floor(maxCells)));
  const cells: TrackStripCell[] = [];
  let kept = 0;
  for (let c = 0; c < count && n > 0; c++) {
    const from = Math.floor((c * n) / count);
    const to = Math.floor(((c + 1) * n) / count) - 1;
    let keyframe = false;
    let interpolated = false;
    let absent = false;
    for (let i = from; i <= to; i++) {
      if (states[i] === 'keyframe') keyframe = true;
      else if (states[i] === 'interpolated') interpolated = true;
      else absent = true;
    }
    const state: TrackFrameState = keyframe ? 'keyframe' : interpolated ? 'interpolated' : 'absent';
    const mixed = Number(keyframe) + Number(interpolated) + Number(absent) > 1;
    const was = previous[c];
    if (was && was.from === from && was.to === to && was.state === state && was.mixed === mixed) {
      cells.push(was);
      kept++;
    } else cells.push({ from, to, state, mixed });
  }
  return kept === previous.length && kept === cells.length ? previous : cells;
}

/** The cell that holds a frame. */
export function stripCellOf(cells: readonly TrackStripCell[], frameIndex: number): number {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cells[mid].from <= frameIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The nearest keyframe of a track before (−1) or after (+1) a frame, or null when there is none that way. */
export function neighbourKeyframe(editor: Editor, trackId: string, frameIndex: number, direction: -1 | 1): number | null {
  const keyframes = editor.trackOf(trackId)?.keyframes ?? [];
  if (direction > 0) return keyframes.find((k) => k.frameIndex > frameIndex)?.frameIndex ?? null;
  return keyframes.findLast((k) => k.frameIndex < frameIndex)?.frameIndex ?? null;
}
