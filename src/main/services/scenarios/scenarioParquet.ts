import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, listValue } from '@duckdb/node-api';
import { FRAME_COLUMNS, OBJECT_COLUMNS, type ColumnDef } from '../../../core/scenarios/columns';
import type { SceneRows } from '../../../core/scenarios/sceneRows';

export const FRAMES_FILE = 'frames.parquet';
export const OBJECTS_FILE = 'objects.parquet';

export function createTableSql<Row>(table: string, columns: readonly ColumnDef<Row>[]): string {
  return `CREATE TABLE ${table} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`;
}

/**
 * Writes a dataset's scenario tables as Parquet into `dir` (frames.parquet, objects.parquet):
 * rows appended to in-memory DuckDB tables, then COPY … (FORMAT parquet). Each file is written
 * under a dot name and renamed, so a reader never opens half of one.
 */
export async function writeScenarioParquet(rows: SceneRows, dir: string): Promise<{ frames: string; objects: string }> {
  await mkdir(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(createTableSql('frames', FRAME_COLUMNS));
    await connection.run(createTableSql('objects', OBJECT_COLUMNS));
    await appendRows(connection, 'frames', FRAME_COLUMNS, rows.frames);
    await appendRows(connection, 'objects', OBJECT_COLUMNS, rows.objects);
    const frames = await copyOut(connection, 'frames', path.join(dir, FRAMES_FILE), 'frame_key');
    const objects = await copyOut(connection, 'objects', path.join(dir, OBJECTS_FILE), 'frame_key');
    return { frames, objects };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function copyOut(connection: DuckDBConnection, table: string, file: string, order: string): Promise<string> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  await rm(partial, { force: true });
  // Sorted by frame, so a reader's row groups each cover a run of frames (min/max statistics prune them).
  await connection.run(`COPY (SELECT * FROM ${table} ORDER BY ${order}) TO '${partial.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`);
  await rename(partial, file);
  return file;
}

async function appendRows<Row>(connection: DuckDBConnection, table: string, columns: readonly ColumnDef<Row>[], rows: readonly Row[]): Promise<void> {
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      for (const column of columns) appendValue(appender, column.type, row[column.name]);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendValue(appender: DuckDBAppender, type: ColumnDef<unknown>['type'], value: unknown): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (type) {
    case 'INTEGER':
      return appender.appendInteger(value as number);
    case 'DOUBLE':
      return appender.appendDouble(value as number);
    case 'VARCHAR':
      return appender.appendVarchar(value as string);
    case 'VARCHAR[]':
      return appender.appendList(listValue([...(value as readonly string[])]));
  }
}
