import type Database from 'better-sqlite3';
import { canonicalJson } from '../../../core/model/annotation';
import type { TrackSettings, TrackSettingsChange } from '../../../core/tracks/trackSettings';
import type { AnnotationChange, Operation } from '../../../core/editor/changes';

export interface TrackSettingsPage {
  /** In trackId order. */
  readonly tracks: { readonly trackId: string; readonly settings: TrackSettings }[];
  /** The trackId to continue after, or null when the scene has no more. */
  readonly lastTrackId: string | null;
}

/**
 * The `tracks` table: one row a track that has settings, as canonical JSON. Written by the
 * repository inside an operation's transaction, so settings and records commit together.
 */
export class TrackSettingsTable {
  private readonly select: Database.Statement<[string, string], { settings: string }>;
  private readonly selectPage: Database.Statement<[string, string, number], { track_id: string; settings: string }>;
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT settings FROM tracks WHERE scene_id = ? AND track_id = ?');
    this.selectPage = db.prepare('SELECT track_id, settings FROM tracks WHERE scene_id = ? AND track_id > ? ORDER BY track_id LIMIT ?');
    this.upsert = db.prepare('INSERT INTO tracks (scene_id, track_id, settings) VALUES (?, ?, ?) ON CONFLICT (scene_id, track_id) DO UPDATE SET settings = excluded.settings');
    this.remove = db.prepare('DELETE FROM tracks WHERE scene_id = ? AND track_id = ?');
  }

  /** The stored canonical JSON of a track's settings, or null. */
  storedJson(sceneId: string, trackId: string): string | null {
    return this.select.get(sceneId, trackId)?.settings ?? null;
  }

  write(sceneId: string, change: TrackSettingsChange): void {
    if (change.after === null) this.remove.run(sceneId, change.trackId);
    else this.upsert.run(sceneId, change.trackId, canonicalJson(change.after));
  }

  page(sceneId: string, afterTrackId: string | undefined, limit: number): TrackSettingsPage {
    const rows = this.selectPage.all(sceneId, afterTrackId ?? '', limit + 1);
    const more = rows.length > limit;
    const tracks = rows.slice(0, limit).map((r) => ({ trackId: r.track_id, settings: JSON.parse(r.settings) as TrackSettings }));
    return { tracks, lastTrackId: more ? tracks[tracks.length - 1].trackId : null };
  }
}

/**
 * What the log's `changes` column holds for an operation: its record changes alone (every
 * operation before track settings existed, and every one without them, byte for byte as before),
 * or both under named keys. The column's type is unchanged, so no migration.
 */
export function logJson(op: Operation): string {
  return op.trackSettings ? canonicalJson({ records: op.changes, trackSettings: op.trackSettings }) : canonicalJson(op.changes);
}

export function parseLogJson(json: string): { changes: AnnotationChange[]; trackSettings?: TrackSettingsChange[] } {
  const parsed = JSON.parse(json) as AnnotationChange[] | { records: AnnotationChange[]; trackSettings: TrackSettingsChange[] };
  return Array.isArray(parsed) ? { changes: parsed } : { changes: parsed.records, trackSettings: parsed.trackSettings };
}
