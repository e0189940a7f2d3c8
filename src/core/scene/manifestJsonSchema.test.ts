import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, schemaText } from '../../../scripts/schema/writeSchemas';
import { relativePathSchema } from './manifest';
import { RELATIVE_PATH_PATTERN, sceneManifestJsonSchema } from './manifestJsonSchema';

const schemaDir = path.resolve(__dirname, '../../../resources/schema');

describe('published JSON Schemas', () => {
  it.each(Object.entries(SCHEMA_FILES))('%s matches the zod schema (run `npm run schema` after changing it)', (name, make) => {
    expect(readFileSync(path.join(schemaDir, name), 'utf8')).toBe(schemaText(make));
  });

  it('states the relative-path rule as a pattern that agrees with the zod refinement', () => {
    const pattern = new RegExp(RELATIVE_PATH_PATTERN, 'u');
    const cases = ['velodyne/000000.bin', 'a', 'a/b..c/d', '..x/y', '/abs/path', '../up', 'a/../b', 'a/..', 'win\\path', '..'];
    for (const p of cases) expect(pattern.test(p), p).toBe(relativePathSchema.safeParse(p).success);
  });

  it('fixes the length of vectors and quaternions', () => {
    const text = JSON.stringify(sceneManifestJsonSchema());
    const tuples = [...text.matchAll(/"prefixItems":\[(.*?)\],"minItems":(\d+),"maxItems":(\d+)/g)];
    expect(tuples.length).toBeGreaterThan(5);
    for (const [, items, min, max] of tuples) {
      const count = items.split('},{').length;
      expect([Number(min), Number(max)]).toEqual([count, count]);
    }
    expect(text).not.toMatch(/"prefixItems":\[[^\]]*\](?!,"minItems")/);
  });
});
