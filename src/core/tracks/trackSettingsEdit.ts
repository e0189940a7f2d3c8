import type { Editor } from '../editor/editor';
import { sameTrackSettings, type TrackSettings } from './trackSettings';

export type InterpolationPatch = Pick<TrackSettings, 'centre' | 'size'>;

function labelOf(patch: InterpolationPatch): string {
  const parts: string[] = [];
  if (patch.centre) parts.push(patch.centre === 'catmull-rom' ? 'spline path' : 'straight path');
  if (patch.size) parts.push(patch.size === 'locked' ? 'lock size' : 'unlock size');
  return `track: ${parts.join(', ')}`;
}

/**
 * Changes how a track interpolates, as one undo step persisted with the track (an editor
 * operation, so undo, redo, other windows and a reload all see it). A default is stored as the
 * field's absence, so a track set back to the defaults compares equal to one never changed.
 * Returns false when nothing changed.
 */
export function setTrackInterpolation(editor: Editor, trackId: string, patch: InterpolationPatch): boolean {
  if (!editor.trackOf(trackId)) return false;
  const stored = editor.storedTrackSettings().get(trackId) ?? null;
  const next: { -readonly [K in keyof TrackSettings]: TrackSettings[K] } = { ...(stored ?? {}) };
  if (patch.centre) next.centre = patch.centre === 'linear' ? undefined : patch.centre;
  if (patch.size) next.size = patch.size === 'locked' ? undefined : patch.size;
  for (const key of ['centre', 'size'] as const) if (next[key] === undefined) delete next[key];
  const after = Object.keys(next).length === 0 ? null : next;
  if (sameTrackSettings(stored, after)) return false;
  editor.commitChanges(labelOf(patch), [], [{ trackId, before: stored, after }]);
  return true;
}
