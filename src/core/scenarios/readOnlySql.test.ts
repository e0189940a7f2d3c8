import { describe, expect, it } from 'vitest';
import { rawSqlRefusal } from './readOnlySql';

describe('rawSqlRefusal', () => {
  it('lets one reading statement through, with comments, a CTE or a trailing semicolon', () => {
    for (const sql of ['SELECT frame_key FROM objects', 'with x as (select 1) select * from x;', '-- pedestrians\nFROM objects SELECT frame_key', "SELECT frame_key FROM frames WHERE description = 'a;b'"]) {
      expect(rawSqlRefusal(sql), sql).toBeNull();
    }
  });

  it('refuses writes, several statements and empty text', () => {
    expect(rawSqlRefusal('DELETE FROM objects')).toMatch(/DELETE/);
    expect(rawSqlRefusal('/* hi */ insert into objects values (1)')).toMatch(/INSERT/);
    expect(rawSqlRefusal('select 1; drop table objects')).toMatch(/one statement/);
    expect(rawSqlRefusal('  -- nothing\n')).toMatch(/empty/);
    expect(rawSqlRefusal("COPY objects TO 'x.csv'")).toMatch(/COPY/);
  });
});
