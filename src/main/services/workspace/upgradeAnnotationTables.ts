import type Database from 'better-sqlite3';
import { upgradeRecord, type AnnotationRecord } from '../../../core/annotations/registry';
import { canonicalJson } from '../../../core/model/annotation';

/**
 * Schema step 3's data move. Each 0.1.0 row of `objects` becomes a row of `annotations` through
 * its kind's upgrade (a cuboid, its own track, ontology version 1), and the operation log's stored
 * changes are rewritten the same way. The log is rewritten rather than upgraded on every read
 * because nothing yet refers to its bytes (no revision hashes or signatures existed in 0.1.0),
 * and one shape in the log spares every reader (replay, conflict checks, sync, export) from
 * knowing old ones.
 */
export function upgradeAnnotationTables(db: Database.Database): void {
  const insert = db.prepare(
    'INSERT INTO annotations (object_id, scene_id, track_id, frame_id, kind, class_id, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const rows = db
    .prepare<[], { object_id: string; scene_id: string; frame_id: string; class_id: string; record: string }>(
      'SELECT object_id, scene_id, frame_id, class_id, record FROM objects ORDER BY object_id',
    )
    .all();
  for (const row of rows) {
    // The columns were written with the record in one statement; they stand in for a record damaged since.
    const columns = { objectId: row.object_id, sceneId: row.scene_id, frameId: row.frame_id, classId: row.class_id };
    const r = upgradeStored({ ...columns, ...(parseObject(row.record) ?? {}) });
    insert.run(r.objectId, r.sceneId, r.trackId, r.frameId, r.kind, r.classId, canonicalJson(r));
  }
  db.exec('DROP TABLE objects');

  const update = db.prepare('UPDATE operations SET changes = ? WHERE seq = ?');
  for (const row of db.prepare<[], { seq: number; changes: string }>('SELECT seq, changes FROM operations ORDER BY seq').all()) {
    const changes = (JSON.parse(row.changes) as { objectId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]).map(
      (c) => ({
        objectId: c.objectId,
        before: c.before && upgradeStored(c.before),
        after: c.after && upgradeStored(c.after),
      }),
    );
    update.run(canonicalJson(changes), row.seq);
  }
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Not validated: a 0.1.0 record passed the same checks when it was written, and refusing one here
 * would make the whole workspace unopenable over it.
 */
function upgradeStored(raw: Record<string, unknown>): AnnotationRecord {
  return upgradeRecord(raw) as AnnotationRecord;
}
