import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { upgradeAnnotationTables } from './upgradeAnnotationTables';

/** One schema step. Steps are applied in order; step i takes the schema to version i + 1. */
export interface Migration {
  readonly description: string;
  readonly sql: string;
  /** Data moves SQL cannot do alone (canonical JSON), run after `sql` in the same transaction. */
  readonly run?: (db: Database.Database) => void;
}

/**
 * The workspace schema, oldest step first. Append new steps; never edit or reorder a shipped one:
 * `PRAGMA user_version` records how many of these a file has had applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'annotation objects, operation log, workspace meta',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE objects (
        object_id    TEXT PRIMARY KEY NOT NULL,
        scene_id     TEXT NOT NULL,
        frame_id     TEXT NOT NULL,
        class_id     TEXT NOT NULL,
        cuboid_frame TEXT NOT NULL,
        cx REAL NOT NULL, cy REAL NOT NULL, cz REAL NOT NULL,
        sl REAL NOT NULL, sw REAL NOT NULL, sh REAL NOT NULL,
        qx REAL NOT NULL, qy REAL NOT NULL, qz REAL NOT NULL, qw REAL NOT NULL,
        attributes   TEXT NOT NULL,
        author       TEXT NOT NULL,
        created_at   REAL NOT NULL,
        updated_at   REAL NOT NULL,
        record       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX objects_scene ON objects (scene_id);
      CREATE INDEX objects_scene_frame ON objects (scene_id, frame_id);

      CREATE TABLE operations (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id    TEXT NOT NULL UNIQUE,
        scene_id TEXT NOT NULL,
        author   TEXT NOT NULL,
        at       REAL NOT NULL,
        label    TEXT NOT NULL,
        changes  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX operations_scene ON operations (scene_id, seq);
    `,
  },
  {
    description: 'objects indexed by scene then objectId, for keyset pages of a scene',
    // Without it every page of annotations.list sorted the whole scene again; it also serves every
    // lookup by scene alone, so the old index goes.
    sql: `
      CREATE INDEX objects_scene_object ON objects (scene_id, object_id);
      DROP INDEX objects_scene;
    `,
  },
  {
    description: 'annotations of every kind in one table of canonical JSON records with generic indexed columns',
    // A new kind needs no SQL change: the record is the kind's JSON, and only the fields every kind
    // has are columns. The rows of objects move here in run, which then drops objects.
    sql: `
      CREATE TABLE annotations (
        object_id TEXT PRIMARY KEY NOT NULL,
        scene_id  TEXT NOT NULL,
        track_id  TEXT NOT NULL,
        frame_id  TEXT NOT NULL,
        kind      TEXT NOT NULL,
        class_id  TEXT NOT NULL,
        record    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX annotations_scene_object ON annotations (scene_id, object_id);
      CREATE INDEX annotations_scene_frame ON annotations (scene_id, frame_id);
      CREATE INDEX annotations_scene_track ON annotations (scene_id, track_id);
      CREATE INDEX annotations_scene_class ON annotations (scene_id, kind, class_id);
    `,
    run: upgradeAnnotationTables,
  },
  {
    description: 'ontology versions kept per workspace, and per-track settings',
    // Each ontology version is kept (never overwritten) so a record's ontologyVersion always names
    // the definition it was made under; a track's settings (interpolation, size lock, a link to the
    // ground truth it was copied from) belong to the track, not to any one keyframe record.
    sql: `
      CREATE TABLE ontology_versions (
        ontology_id TEXT NOT NULL,
        version     INTEGER NOT NULL,
        body        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (ontology_id, version)
      ) STRICT;

      CREATE TABLE tracks (
        scene_id TEXT NOT NULL,
        track_id TEXT NOT NULL,
        settings TEXT NOT NULL,
        PRIMARY KEY (scene_id, track_id)
      ) STRICT;
    `,
  },
  {
    description: 'the signed revisions this workspace made or pulled from a shared store, and the heads it builds on',
    // Each revision is kept byte for byte as the store holds it, so a push re-sends exactly what was
    // signed and a pull never re-verifies what it already accepted. Operations the sync wrote (others'
    // work merged in) are listed so they are never republished as this workspace's own edits.
    sql: `
      CREATE TABLE sync_revisions (
        address    TEXT PRIMARY KEY NOT NULL,
        author     TEXT NOT NULL,
        scene_id   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        text       TEXT NOT NULL,
        local      INTEGER NOT NULL,
        pushed     INTEGER NOT NULL,
        arrival    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sync_revisions_scene ON sync_revisions (scene_id, arrival);
      CREATE INDEX sync_revisions_unpushed ON sync_revisions (arrival) WHERE pushed = 0;

      CREATE TABLE sync_heads (
        scene_id TEXT NOT NULL,
        address  TEXT NOT NULL,
        PRIMARY KEY (scene_id, address)
      ) STRICT;

      CREATE TABLE sync_applied (
        op_id TEXT PRIMARY KEY NOT NULL
      ) STRICT;
    `,
  },
  {
    description: 'the models registered in this workspace: an ONNX file by path and hash, with its model card',
    // The file stays where the user keeps it (models are large and shared between workspaces); its
    // hash at registration names the weights in every proposal's provenance.
    sql: `
      CREATE TABLE models (
        model_id      TEXT PRIMARY KEY NOT NULL,
        file          TEXT NOT NULL,
        sha256        TEXT NOT NULL,
        card          TEXT NOT NULL,
        registered_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    description: 'proposals of generator runs, per frame, kept until accepted, rejected or replaced by the next run',
    // A model run can take minutes over a sequence: what it proposed outlives the session that ran it.
    sql: `
      CREATE TABLE proposals (
        proposal_id  TEXT PRIMARY KEY NOT NULL,
        scene_id     TEXT NOT NULL,
        frame_id     TEXT NOT NULL,
        generator_id TEXT NOT NULL,
        body         TEXT NOT NULL,
        ordinal      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX proposals_by_frame ON proposals (scene_id, frame_id, ordinal);
    `,
  },
  {
    description: 'registered 3D detectors: the second graph of a split pillar model (its backbone and head) beside the first',
    sql: `ALTER TABLE models ADD COLUMN rpn_file TEXT;`,
  },
];

export interface OpenWorkspaceDbOptions {
  /** Defaults to MIGRATIONS; tests pass their own lists to exercise upgrades and failures. */
  readonly migrations?: readonly Migration[];
  readonly busyTimeoutMs?: number;
}

/** Opening failed: the message names the file and what is wrong. Nothing in the file was changed. */
export class WorkspaceDbError extends Error {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkspaceDbError';
    this.file = file;
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (creating if absent) a workspace database: WAL, synchronous=FULL (a committed write is
 * on disk when the call returns), foreign keys on, a busy timeout, and the schema migrated to the
 * newest version in one transaction. Refuses, without touching the file, a file that is not
 * SQLite or whose schema is newer than this build knows.
 */
export function openWorkspaceDb(file: string, options: OpenWorkspaceDbOptions = {}): Database.Database {
  const migrations = options.migrations ?? MIGRATIONS;
  checkHeader(file);

  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: false });
  } catch (err) {
    throw new WorkspaceDbError(file, `cannot open workspace database ${file}: ${errorText(err)}`, { cause: err });
  }

  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // Read the version before anything that writes (journal_mode=WAL is persistent), so a file
    // from a newer build is left exactly as it was.
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > migrations.length) {
      throw new WorkspaceDbError(
        file,
        `workspace database ${file} has schema version ${found}, newer than the newest this build of Cairn knows (${migrations.length}); open it with a newer Cairn`,
      );
    }
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new WorkspaceDbError(file, `workspace database ${file}: could not switch to WAL journal mode (got ${String(mode)})`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
    return db;
  } catch (err) {
    try {
      db.close();
    } catch {
      // already failing; the original error is the one to report
    }
    if (err instanceof WorkspaceDbError) throw err;
    throw new WorkspaceDbError(file, `cannot open workspace database ${file}: ${errorText(err)}`, { cause: err });
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const run = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated since we looked.
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new WorkspaceDbError(
        file,
        `workspace database ${file} has schema version ${current}, newer than the newest this build of Cairn knows (${migrations.length})`,
      );
    }
    for (let v = current; v < migrations.length; v++) {
      const step = migrations[v];
      try {
        db.exec(step.sql);
        step.run?.(db);
      } catch (err) {
        throw new WorkspaceDbError(
          file,
          `workspace database ${file}: migration to schema version ${v + 1} (${step.description}) failed: ${errorText(err)}`,
          { cause: err },
        );
      }
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  run.immediate();
}

/** Rejects a non-empty file that does not start with the SQLite header, before SQLite opens it. */
function checkHeader(file: string): void {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new WorkspaceDbError(file, `workspace database ${file} is a directory, not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof WorkspaceDbError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // will be created
    throw new WorkspaceDbError(file, `cannot read workspace database ${file}: ${errorText(err)}`, { cause: err });
  }
  if (size === 0) return; // SQLite treats an empty file as a new database
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let read = 0;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    read = readSync(fd, header, 0, header.length, 0);
  } catch (err) {
    throw new WorkspaceDbError(file, `cannot read workspace database ${file}: ${errorText(err)}`, { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new WorkspaceDbError(
      file,
      `workspace database ${file} is not a SQLite database (${size} bytes, missing the "SQLite format 3" header): it is corrupt or was overwritten; it has been left untouched`,
    );
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
