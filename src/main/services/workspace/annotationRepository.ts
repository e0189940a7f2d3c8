import type Database from 'better-sqlite3';
import type { Operation } from '../../../core/editor/changes';
import { canonicalJson, type AnnotationRecord } from '../../../core/model/annotation';
import { describeIssues } from '../../../shared/describeIssues';
import { operationSchema } from '../../../shared/schemas';
import { logJson, parseLogJson, TrackSettingsTable, type TrackSettingsPage } from './trackSettingsTable';

/** An operation that is malformed or reuses a stored opId; the message names the operation and the field. */
export class InvalidOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOperationError';
  }
}

export interface ApplyResult {
  /** Position of the operation in the workspace's log (1, 2, 3, ...). */
  readonly seq: number;
  /** True when this opId was already stored: nothing was written and `seq` is the original one. */
  readonly duplicate: boolean;
}

export interface StoredOperation extends Operation {
  readonly seq: number;
}

export interface ScenePage {
  /** In objectId order. */
  readonly records: AnnotationRecord[];
  /** The objectId to continue after, or null when the scene has no more records. */
  readonly lastObjectId: string | null;
}

/**
 * A change's `before` does not match the stored record (someone else changed it, or the client's
 * view is stale). The whole operation was rejected; nothing was written.
 */
export class ConflictError extends Error {
  readonly opId: string;
  readonly objectId: string;
  /** The change's `before`. */
  readonly expected: AnnotationRecord | null;
  /** What the store holds. */
  readonly actual: AnnotationRecord | null;
  /** Dotted paths of the fields that differ (empty when one side does not exist). */
  readonly fields: readonly string[];

  constructor(opId: string, objectId: string, expected: AnnotationRecord | null, actual: AnnotationRecord | null) {
    const fields = expected && actual ? differingFields(expected, actual) : [];
    let what: string;
    if (expected === null) what = `the change expects it not to exist, but the store holds it (class ${actual?.classId}, frame ${actual?.frameId})`;
    else if (actual === null) what = 'the change expects it to exist, but the store has no such object';
    else what = `the stored record differs from the change's before in ${fields.join(', ') || 'its serialised form'}`;
    super(`operation ${opId} conflicts on object ${objectId}: ${what}; nothing was written`);
    this.name = 'ConflictError';
    this.opId = opId;
    this.objectId = objectId;
    this.expected = expected;
    this.actual = actual;
    this.fields = fields;
  }
}

/** A track settings change's `before` does not match the stored settings; nothing was written. */
export class TrackSettingsConflictError extends ConflictError {
  readonly trackId: string;
  constructor(opId: string, trackId: string) {
    super(opId, trackId, null, null);
    this.name = 'TrackSettingsConflictError';
    this.trackId = trackId;
    this.message = `operation ${opId} conflicts on the settings of track ${trackId}: the stored settings differ from the change's before; nothing was written`;
  }
}

export interface AnnotationRepositoryOptions {
  /** Close the database handle in `close()`. Default false: the owner (Workspace) closes it. */
  readonly ownsDb?: boolean;
}

interface OperationRow {
  seq: number;
  op_id: string;
  scene_id: string;
  author: string;
  at: number;
  label: string;
  changes: string;
}

/**
 * The local annotation store: the working copy (`annotations`, one row per record of any kind) and the
 * append-only operation log (`operations`), kept in step by writing both in one transaction.
 * Expects a database migrated by openWorkspaceDb.
 */
export class AnnotationRepository {
  private readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private closed = false;

  private readonly selectScene: Database.Statement<[string], { record: string }>;
  private readonly selectScenePage: Database.Statement<[string, string, number], { record: string }>;
  private readonly selectFrame: Database.Statement<[string, string], { record: string }>;
  private readonly selectRecord: Database.Statement<[string], { record: string }>;
  private readonly selectTrack: Database.Statement<[string, string], { record: string }>;
  private readonly selectOpById: Database.Statement<[string], OperationRow>;
  private readonly selectOpsSince: Database.Statement<[number, number], OperationRow>;
  private readonly selectSceneLog: Database.Statement<[string], OperationRow>;
  private readonly selectHead: Database.Statement<[], { head: number }>;
  private readonly upsertObject: Database.Statement<unknown[]>;
  private readonly deleteObject: Database.Statement<[string]>;
  private readonly insertOp: Database.Statement<unknown[]>;
  private readonly applyTx: Database.Transaction<(op: Operation, changesJson: string) => ApplyResult>;
  private readonly tracks: TrackSettingsTable;

  constructor(db: Database.Database, options: AnnotationRepositoryOptions = {}) {
    this.db = db;
    this.ownsDb = options.ownsDb ?? false;
    this.selectScene = db.prepare('SELECT record FROM annotations WHERE scene_id = ?');
    this.selectScenePage = db.prepare('SELECT record FROM annotations WHERE scene_id = ? AND object_id > ? ORDER BY object_id LIMIT ?');
    this.selectFrame = db.prepare('SELECT record FROM annotations WHERE scene_id = ? AND frame_id = ?');
    this.selectRecord = db.prepare('SELECT record FROM annotations WHERE object_id = ?');
    this.selectTrack = db.prepare('SELECT record FROM annotations WHERE scene_id = ? AND track_id = ?');
    this.selectOpById = db.prepare('SELECT * FROM operations WHERE op_id = ?');
    this.selectOpsSince = db.prepare('SELECT * FROM operations WHERE seq > ? ORDER BY seq LIMIT ?');
    this.selectSceneLog = db.prepare('SELECT * FROM operations WHERE scene_id = ? ORDER BY seq');
    this.selectHead = db.prepare('SELECT COALESCE(MAX(seq), 0) AS head FROM operations');
    this.upsertObject = db.prepare(`
      INSERT INTO annotations (object_id, scene_id, track_id, frame_id, kind, class_id, record)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (object_id) DO UPDATE SET
        scene_id = excluded.scene_id, track_id = excluded.track_id, frame_id = excluded.frame_id,
        kind = excluded.kind, class_id = excluded.class_id, record = excluded.record`);
    this.deleteObject = db.prepare('DELETE FROM annotations WHERE object_id = ?');
    this.insertOp = db.prepare(
      'INSERT INTO operations (op_id, scene_id, author, at, label, changes) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.tracks = new TrackSettingsTable(db);
    this.applyTx = db.transaction((op: Operation, changesJson: string) => this.applyInTransaction(op, changesJson));
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Every object of a scene, ordered by objectId. */
  listScene(sceneId: string): AnnotationRecord[] {
    this.ensureOpen();
    return sortById(this.selectScene.all(sceneId).map((r) => parseRecord(r.record)));
  }

  /**
   * A scene's objects after `afterObjectId` (from the start when absent), in objectId order: at
   * most `limit` of them, and no more once their stored JSON reaches `maxBytes` (a page holds at
   * least one record). Keyset paging: a record that stays put while others are written is listed
   * exactly once across the pages.
   */
  listScenePage(sceneId: string, page: { afterObjectId?: string; limit: number; maxBytes: number }): ScenePage {
    this.ensureOpen();
    const records: AnnotationRecord[] = [];
    let bytes = 0;
    let more = false;
    for (const row of this.selectScenePage.iterate(sceneId, page.afterObjectId ?? '', page.limit + 1)) {
      const size = Buffer.byteLength(row.record);
      if (records.length === page.limit || (records.length > 0 && bytes + size > page.maxBytes)) {
        more = true;
        break;
      }
      records.push(parseRecord(row.record));
      bytes += size;
    }
    return { records, lastObjectId: more ? records[records.length - 1].objectId : null };
  }

  /** One page of a scene's track settings, in trackId order, after `afterTrackId` (from the start when absent). */
  listTrackSettingsPage(sceneId: string, page: { afterTrackId?: string; limit: number }): TrackSettingsPage {
    this.ensureOpen();
    return this.tracks.page(sceneId, page.afterTrackId, page.limit);
  }

  /** The objects of one frame, ordered by objectId. */
  listFrame(sceneId: string, frameId: string): AnnotationRecord[] {
    this.ensureOpen();
    return sortById(this.selectFrame.all(sceneId, frameId).map((r) => parseRecord(r.record)));
  }

  /** The records of one track (its keyframes), ordered by objectId; the caller places them in frame order. */
  listTrack(sceneId: string, trackId: string): AnnotationRecord[] {
    this.ensureOpen();
    return sortById(this.selectTrack.all(sceneId, trackId).map((r) => parseRecord(r.record)));
  }

  get(objectId: string): AnnotationRecord | null {
    this.ensureOpen();
    const row = this.selectRecord.get(objectId);
    return row ? parseRecord(row.record) : null;
  }

  /** The seq of the newest stored operation, 0 when the log is empty. */
  headSeq(): number {
    this.ensureOpen();
    return this.selectHead.get()!.head;
  }

  /** Operations with seq > `seq`, oldest first, at most `limit` of them. */
  operationsSince(seq: number, limit = 1000): StoredOperation[] {
    this.ensureOpen();
    if (!Number.isInteger(seq) || seq < 0) throw new RangeError(`operationsSince: seq must be an integer ≥ 0 (got ${seq})`);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`operationsSince: limit must be an integer ≥ 1 (got ${limit})`);
    return this.selectOpsSince.all(seq, limit).map(rowToOperation);
  }

  /**
   * Replays the scene's operation log from an empty state, in memory, and returns the records it
   * ends with (ordered by objectId). Throws if the log is not self-consistent (a change's `before`
   * does not match the replayed state), which would mean the log was damaged.
   */
  rebuildFromLog(sceneId: string): AnnotationRecord[] {
    this.ensureOpen();
    const state = new Map<string, { json: string; record: AnnotationRecord }>();
    for (const row of this.selectSceneLog.iterate(sceneId)) {
      const { changes } = parseLogJson(row.changes);
      for (const c of changes) {
        const have = state.get(c.objectId)?.json ?? null;
        const want = c.before === null ? null : canonicalJson(c.before);
        if (have !== want) {
          throw new Error(
            `operation log of scene ${sceneId} is inconsistent at seq ${row.seq} (operation ${row.op_id}): object ${c.objectId} ` +
              (want === null ? 'already exists' : have === null ? 'does not exist' : 'differs from the change’s before'),
          );
        }
        if (c.after === null) state.delete(c.objectId);
        else state.set(c.objectId, { json: canonicalJson(c.after), record: c.after });
      }
    }
    return sortById([...state.values()].map((s) => s.record));
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Applies one operation atomically: every change's `before` must equal the stored record
   * (canonical comparison; null = must not exist), else ConflictError and nothing is written.
   * Then the rows are written and the operation appended to the log, in one transaction that is
   * on disk when this returns. Re-applying a stored opId returns its original seq with
   * duplicate = true and writes nothing.
   */
  apply(op: Operation): ApplyResult {
    this.ensureOpen();
    // The host validated this already; the store checks again because a bad record written here
    // would be replayed by every reader of the log.
    const valid = operationSchema.safeParse(op);
    if (!valid.success) {
      const opId = typeof (op as { opId?: unknown })?.opId === 'string' ? op.opId.slice(0, 64) : '(no opId)';
      throw new InvalidOperationError(describeIssues(`operation ${opId}`, valid.error));
    }
    return this.applyTx.immediate(op, logJson(op));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb && this.db.open) this.db.close();
  }

  // ---- internals -----------------------------------------------------------------------------

  private applyInTransaction(op: Operation, changesJson: string): ApplyResult {
    const existing = this.selectOpById.get(op.opId);
    if (existing) {
      const same =
        existing.scene_id === op.sceneId &&
        existing.author === op.author &&
        existing.at === op.at &&
        existing.label === op.label &&
        existing.changes === changesJson;
      if (!same) {
        throw new InvalidOperationError(
          `operation ${op.opId}: an operation with this id but different content is already stored (seq ${existing.seq}); nothing was written`,
        );
      }
      return { seq: existing.seq, duplicate: true };
    }

    for (const c of op.changes) {
      const stored = this.selectRecord.get(c.objectId)?.record ?? null;
      const expected = c.before === null ? null : canonicalJson(c.before);
      if (stored !== expected) {
        throw new ConflictError(op.opId, c.objectId, c.before, stored === null ? null : parseRecord(stored));
      }
      const a = c.after;
      if (a === null) {
        this.deleteObject.run(c.objectId);
      } else {
        this.upsertObject.run(a.objectId, a.sceneId, a.trackId, a.frameId, a.kind, a.classId, canonicalJson(a));
      }
    }
    for (const c of op.trackSettings ?? []) {
      const stored = this.tracks.storedJson(op.sceneId, c.trackId);
      if (stored !== (c.before === null ? null : canonicalJson(c.before))) throw new TrackSettingsConflictError(op.opId, c.trackId);
      this.tracks.write(op.sceneId, c);
    }
    const info = this.insertOp.run(op.opId, op.sceneId, op.author, op.at, op.label, changesJson);
    return { seq: Number(info.lastInsertRowid), duplicate: false };
  }

  private ensureOpen(): void {
    if (this.closed || !this.db.open) throw new Error('the annotation repository is closed');
  }
}

function rowToOperation(row: OperationRow): StoredOperation {
  return {
    seq: row.seq,
    opId: row.op_id,
    sceneId: row.scene_id,
    author: row.author,
    at: row.at,
    label: row.label,
    ...parseLogJson(row.changes),
  };
}

function parseRecord(json: string): AnnotationRecord {
  return JSON.parse(json) as AnnotationRecord;
}

function sortById(records: AnnotationRecord[]): AnnotationRecord[] {
  return records.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
}

/** Dotted paths where two JSON-like values differ; arrays and scalars are compared whole. */
function differingFields(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differingFields(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [prefix || '(value)'];
}
