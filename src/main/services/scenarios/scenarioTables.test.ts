import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAME_COLUMNS, OBJECT_COLUMNS } from '../../../core/scenarios/columns';
import { FRAMES_FILE, OBJECTS_FILE, writeScenarioParquet } from './scenarioParquet';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-scenario-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the scenario tables', () => {
  it('are written as Parquet with the columns and types the column lists name', async () => {
    await writeScenarioParquet({ frames: [], objects: [] }, dir);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const [file, columns] of [[FRAMES_FILE, FRAME_COLUMNS], [OBJECTS_FILE, OBJECT_COLUMNS]] as const) {
        const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path.join(dir, file)}')`)).getRowObjectsJS();
        expect(described.map((r) => [r.column_name, r.column_type]), file).toEqual(columns.map((c) => [c.name, c.type]));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('are documented column by column in docs/scenarios.md', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'docs', 'scenarios.md'), 'utf8');
    for (const c of [...FRAME_COLUMNS, ...OBJECT_COLUMNS]) expect(doc, c.name).toContain(`| \`${c.name}\` | ${c.type} |`);
  });
});
