import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, schemaText } from './writeSchemas';

const dir = path.resolve(__dirname, '../../resources/schema');

describe('resources/schema', () => {
  // A zod schema changed without `npm run schema` leaves the published file behind the code.
  it.each(Object.entries(SCHEMA_FILES))('%s is what `npm run schema` writes from the zod schema', (name, make) => {
    expect(readFileSync(path.join(dir, name), 'utf8')).toBe(schemaText(make));
  });
});
