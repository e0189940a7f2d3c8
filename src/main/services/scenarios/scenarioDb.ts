import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { compileScenarioQuery, RESULT_COLUMNS, type ScenarioQuery } from '../../../core/scenarios/query';
import { rawSqlRefusal } from '../../../core/scenarios/readOnlySql';
import { FRAMES_FILE, OBJECTS_FILE } from './scenarioParquet';

export interface ScenarioFrame {
  readonly frameKey: number;
  readonly sceneId: string;
  readonly scene: string;
  readonly frameId: string;
  readonly frameIndex: number;
  readonly timestamp: number;
}

export interface ScenarioAnswer {
  readonly frames: ScenarioFrame[];
  /** More frames matched than `limit`: the list stops there. */
  readonly truncated: boolean;
}

/** Raw SQL that DuckDB itself would not run here, or that reads but names no frames. */
export class ScenarioSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioSqlError';
  }
}

const q = (p: string) => `'${p.replace(/'/g, "''")}'`;

/**
 * A dataset's scenario tables opened for queries: copied once from its Parquet into a DuckDB file
 * beside it (a dot name, one per version of the Parquet), then opened read-only with file access
 * off and the configuration locked, so raw SQL can neither change the tables nor read or write
 * any file. DuckDB runs the queries on its own
 * threads; the host's event loop only waits.
 */
export class ScenarioDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The Parquet files' modification times when opened: a rebuilt index is reopened. */
    readonly stamp: string,
  ) {}

  static async open(dir: string): Promise<ScenarioDb> {
    const stamp = await parquetStamp(dir);
    const name = `.query-${createHash('sha256').update(stamp).digest('hex').slice(0, 16)}.duckdb`;
    const dbFile = path.join(dir, name);
    if (!existsSync(dbFile)) await copyIntoDuckDb(dir, dbFile);
    // Copies for earlier Parquet files are dropped; one still open elsewhere (Windows) stays till next time.
    for (const old of await readdir(dir)) {
      if (old.startsWith('.query-') && !old.startsWith(name)) await rm(path.join(dir, old), { force: true }).catch(() => undefined);
    }
    const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY', enable_external_access: 'false', lock_configuration: 'true' });
    return new ScenarioDb(instance, await instance.connect(), stamp);
  }

  async query(query: ScenarioQuery, limit: number): Promise<ScenarioAnswer> {
    const { sql, params } = compileScenarioQuery(query, limit + 1);
    const reader = await this.connection.runAndReadAll(sql, params);
    return answer(reader.getRowObjectsJS(), limit);
  }

  /** One reading statement; its rows name frames by a frame_key column (or scene_id and frame_index). */
  async sql(text: string, limit: number): Promise<ScenarioAnswer> {
    const refusal = rawSqlRefusal(text);
    if (refusal) throw new ScenarioSqlError(refusal);
    const body = text.trim().replace(/;\s*$/, '');
    let extracted;
    try {
      extracted = await this.connection.extractStatements(body);
    } catch (e) {
      throw new ScenarioSqlError((e as Error).message);
    }
    if (extracted.count !== 1) throw new ScenarioSqlError('one statement at a time');
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (e) {
      throw new ScenarioSqlError((e as Error).message);
    }
    if (prepared.statementType !== StatementType.SELECT) throw new ScenarioSqlError('only a SELECT runs here');
    const names = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
    const join = names.includes('frame_key')
      ? 'f.frame_key IN (SELECT frame_key FROM user_query)'
      : names.includes('scene_id') && names.includes('frame_index')
        ? '(f.scene_id, f.frame_index) IN (SELECT scene_id, frame_index FROM user_query)'
        : null;
    if (!join) throw new ScenarioSqlError(`the query's rows must name frames: select frame_key (or scene_id and frame_index); it gave ${names.join(', ') || 'no columns'}`);
    const wrapped = `WITH user_query AS (${body}\n) SELECT ${RESULT_COLUMNS} FROM frames f WHERE ${join} ORDER BY f.frame_key LIMIT ${limit + 1}`;
    try {
      const reader = await this.connection.runAndReadAll(wrapped);
      return answer(reader.getRowObjectsJS(), limit);
    } catch (e) {
      throw new ScenarioSqlError((e as Error).message);
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The Parquet tables copied into a DuckDB file of their own, written under a partial name and renamed. */
async function copyIntoDuckDb(dir: string, dbFile: string): Promise<void> {
  const partial = `${dbFile}.${process.pid}.partial`;
  await rm(partial, { force: true });
  const writer = await DuckDBInstance.create(partial);
  const w = await writer.connect();
  try {
    await w.run(`CREATE TABLE frames AS SELECT * FROM read_parquet(${q(path.join(dir, FRAMES_FILE))})`);
    // Grouped by class: most queries name one, and each row group's min/max then lets DuckDB skip the others (about 2x on 1M rows).
    await w.run(`CREATE TABLE objects AS SELECT * FROM read_parquet(${q(path.join(dir, OBJECTS_FILE))}) ORDER BY class, frame_key`);
  } finally {
    w.closeSync();
    writer.closeSync();
  }
  await rm(`${partial}.wal`, { force: true });
  await rename(partial, dbFile);
}

export async function parquetStamp(dir: string): Promise<string> {
  const [a, b] = await Promise.all([stat(path.join(dir, FRAMES_FILE)), stat(path.join(dir, OBJECTS_FILE))]);
  return `${a.mtimeMs}:${a.size}:${b.mtimeMs}:${b.size}`;
}

function answer(rows: Record<string, unknown>[], limit: number): ScenarioAnswer {
  return {
    truncated: rows.length > limit,
    frames: rows.slice(0, limit).map((r) => ({
      frameKey: Number(r.frame_key),
      sceneId: String(r.scene_id),
      scene: String(r.scene),
      frameId: String(r.frame_id),
      frameIndex: Number(r.frame_index),
      timestamp: Number(r.timestamp),
    })),
  };
}
