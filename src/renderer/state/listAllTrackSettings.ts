import type { TrackSettings } from '../../core/tracks/trackSettings';
import type { CairnClient } from '../../shared/client';

/** Every track of a scene that has settings, read page by page (a track not listed has the defaults). */
export async function listAllTrackSettings(client: CairnClient, sceneId: string): Promise<Map<string, TrackSettings>> {
  const settings = new Map<string, TrackSettings>();
  let cursor: string | undefined;
  do {
    const page = await client.call('tracks.list', cursor === undefined ? { sceneId } : { sceneId, cursor });
    for (const t of page.tracks) settings.set(t.trackId, t.settings);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return settings;
}
