import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openWorkspaceDb, schemaVersion, WorkspaceDbError, type Migration } from './workspaceDb';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-wsdb-'));
  file = join(dir, 'workspace.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
}

/** One keyset page of a scene (the query annotations.list makes) on `table` reads its (scene, object) index and sorts nothing. */
function expectIndexedPages(db: Database.Database, table: 'objects' | 'annotations'): void {
  const plan = db
    .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT record FROM ${table} WHERE scene_id = 's' AND object_id > '' ORDER BY object_id LIMIT 10`)
    .all()
    .map((r) => r.detail)
    .join('\n');
  expect(plan).toContain(`${table}_scene_object`);
  expect(plan).not.toContain('TEMP B-TREE');
}

describe('openWorkspaceDb', () => {
  it('creates a fresh file at the newest schema with WAL, synchronous=FULL and foreign keys', () => {
    const db = openWorkspaceDb(file);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(tables(db)).toEqual(['annotations', 'meta', 'models', 'ontology_versions', 'operations', 'proposals', 'sync_applied', 'sync_heads', 'sync_revisions', 'tracks']);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      const indexes = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        .all()
        .map((r) => r.name);
      expect(indexes).toEqual(
        expect.arrayContaining(['annotations_scene_object', 'annotations_scene_frame', 'annotations_scene_track', 'annotations_scene_class', 'operations_scene', 'proposals_by_frame']),
      );
    } finally {
      db.close();
    }
  });

  it('reopening an up-to-date file changes nothing', () => {
    openWorkspaceDb(file).close();
    const db = openWorkspaceDb(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('upgrades an older file step by step, keeping its data', () => {
    const v1: Migration[] = [{ description: 'one', sql: 'CREATE TABLE a (x INTEGER);' }];
    const v2: Migration[] = [...v1, { description: 'two', sql: 'ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER);' }];
    const db1 = openWorkspaceDb(file, { migrations: v1 });
    db1.prepare('INSERT INTO a (x) VALUES (7)').run();
    expect(schemaVersion(db1)).toBe(1);
    db1.close();

    const db2 = openWorkspaceDb(file, { migrations: v2 });
    try {
      expect(schemaVersion(db2)).toBe(2);
      expect(tables(db2)).toEqual(['a', 'b']);
      expect(db2.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 7, y: null }]);
    } finally {
      db2.close();
    }
  });

  it('upgrades a workspace of the first shipped schema to one whose scene pages need no sort', () => {
    const first = openWorkspaceDb(file, { migrations: MIGRATIONS.slice(0, 1) });
    first
      .prepare("INSERT INTO objects VALUES ('o', 's', 'f', 'car', 'lidar', 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, '{}', 'a', 1, 1, '{}')")
      .run();
    first.close();
    const db = openWorkspaceDb(file, { migrations: MIGRATIONS.slice(0, 2) });
    try {
      expect(db.prepare('SELECT object_id FROM objects').all()).toEqual([{ object_id: 'o' }]);
      expectIndexedPages(db, 'objects');
    } finally {
      db.close();
    }
  });

  it('pages a scene of the newest schema from its index, with no sort', () => {
    const db = openWorkspaceDb(file);
    try {
      expectIndexedPages(db, 'annotations');
    } finally {
      db.close();
    }
  });

  it('moves a damaged 0.1.0 row (record not JSON of a cuboid) by its columns instead of refusing the workspace', () => {
    const old = openWorkspaceDb(file, { migrations: MIGRATIONS.slice(0, 2) });
    old.prepare("INSERT INTO objects VALUES ('o', 's', 'f', 'car', 'lidar', 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, '{}', 'a', 1, 1, '{}')").run();
    old.close();
    const db = openWorkspaceDb(file);
    try {
      expect(db.prepare('SELECT object_id, scene_id, track_id, frame_id, kind, class_id FROM annotations').all()).toEqual([
        { object_id: 'o', scene_id: 's', track_id: 'o', frame_id: 'f', kind: 'cuboid', class_id: 'car' },
      ]);
    } finally {
      db.close();
    }
  });

  it('a failing migration rolls back entirely and names the file and the step', () => {
    const good: Migration = { description: 'one', sql: 'CREATE TABLE a (x INTEGER);' };
    openWorkspaceDb(file, { migrations: [good] }).close();
    const bad: Migration[] = [
      good,
      { description: 'two', sql: 'CREATE TABLE b (z INTEGER);' },
      { description: 'three', sql: 'CREATE TABLE c (z INTEGER); THIS IS NOT SQL;' },
    ];
    let error: unknown;
    try {
      openWorkspaceDb(file, { migrations: bad });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WorkspaceDbError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('schema version 3 (three)');

    const raw = new Database(file);
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(tables(raw)).toEqual(['a']);
    } finally {
      raw.close();
    }
  });

  it('refuses a file from a newer build, naming the file, and leaves it untouched', () => {
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    const bytes = readFileSync(file);

    expect(() => openWorkspaceDb(file)).toThrow(WorkspaceDbError);
    expect(() => openWorkspaceDb(file)).toThrow(file);
    expect(() => openWorkspaceDb(file)).toThrow(`schema version ${MIGRATIONS.length + 5}, newer than`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file of garbage bytes, naming the file, and leaves it untouched', () => {
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeFileSync(file, garbage);
    expect(() => openWorkspaceDb(file)).toThrow(WorkspaceDbError);
    expect(() => openWorkspaceDb(file)).toThrow(file);
    expect(() => openWorkspaceDb(file)).toThrow('not a SQLite database');
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a file with a SQLite header but a corrupt body, naming the file', () => {
    const body = Buffer.alloc(4096, 0xab);
    Buffer.from('SQLite format 3\0', 'latin1').copy(body, 0);
    writeFileSync(file, body);
    let error: unknown;
    try {
      openWorkspaceDb(file).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WorkspaceDbError);
    expect((error as Error).message).toContain(file);
  });

  it('refuses a directory in place of the file, naming it', () => {
    const asDir = join(dir, 'is-a-dir.sqlite');
    mkdirSync(asDir);
    expect(() => openWorkspaceDb(asDir)).toThrow(asDir);
  });
});
