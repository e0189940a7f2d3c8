import { describe, expect, it } from 'vitest';
import { parseJson } from './parseJson';

describe('parseJson', () => {
  it('parses JSON', () => {
    expect(parseJson('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('says where a document breaks without quoting any of it', () => {
    const secret = 'INTERNAL-API-KEY=abc123';
    const cases = [secret, `{"a":1,\n "${secret}"`, '{"a":1,}', '', '[1,2'];
    for (const text of cases) {
      const r = parseJson(text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problem).toMatch(/JSON/);
      expect(r.problem).not.toContain('INTERNAL');
      expect(r.problem).not.toContain('"');
    }
    const r = parseJson('{\n "a": 1,\n}');
    expect(!r.ok && r.problem).toBe('is not valid JSON (line 3, column 1)');
  });
});
