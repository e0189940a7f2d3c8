import { TRACK_PAGE_MAX, type TrackSettings } from '../../../core/tracks/trackSettings';
import { invalidInput } from '../../../shared/contract';
import { decodeCursor, encodeCursor } from './annotationPages';
import type { AnnotationRepository } from './annotationRepository';

/** One page of `tracks.list`: keyset on trackId (a uuid, so the annotation cursor's form serves). */
export function listTrackSettingsPage(
  repo: AnnotationRepository,
  input: { sceneId: string; cursor?: string; limit?: number },
): { tracks: { trackId: string; settings: TrackSettings }[]; nextCursor: string | null } {
  let afterTrackId: string | undefined;
  if (input.cursor !== undefined) {
    afterTrackId = decodeCursor(input.cursor);
    if (afterTrackId === undefined) throw invalidInput('tracks.list', 'cursor', 'is not a nextCursor that tracks.list answered');
  }
  const page = repo.listTrackSettingsPage(input.sceneId, { afterTrackId, limit: Math.min(input.limit ?? TRACK_PAGE_MAX, TRACK_PAGE_MAX) });
  return { tracks: page.tracks, nextCursor: page.lastTrackId === null ? null : encodeCursor(page.lastTrackId) };
}
